//===- main.cpp - kiln-checkpoint: write and print V2 checkpoints ---------===//

#include "Commands.h"
#include "tools/OutOfMemory.h"
#include "tools/ToolConventions.h"

#include <cstdio>
#include <cstdlib>

static const char kUsage[] =
    "usage: kiln-checkpoint COMMAND ARGS\n"
    "  list PREFIX                      name, dtype and shape of each tensor\n"
    "  dump PREFIX [NAME...]            ... and their values\n"
    "  latest DIR                       the newest checkpoint of DIR\n"
    "  write-sample PREFIX              a checkpoint with one tensor per "
    "dtype\n"
    "  save-steps DIR MAX_TO_KEEP STEP.. save the sample as "
    "DIR/model.ckpt-STEP\n"
    "  write-meta PREFIX GRAPHDEF.pb    PREFIX.meta wrapping a GraphDef\n"
    "  --help, --version\n";

int main(int argc, char **argv) {
  kiln::tools::installOutOfMemoryHandler("kiln-checkpoint");
  using namespace kiln::checkpoint_tool;
  kiln::tools::handleHelpAndVersion(argc, argv, "kiln-checkpoint", kUsage);
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string command = args.empty() ? "" : args[0];
  if (command == "list" && args.size() == 2)
    return listTensors(args[1]);
  if (command == "dump" && args.size() >= 2)
    return dumpTensors(args[1], std::vector<std::string>(args.begin() + 2, args.end()));
  if (command == "latest" && args.size() == 2)
    return printLatest(args[1]);
  if (command == "write-sample" && args.size() == 2)
    return writeSample(args[1]);
  if (command == "save-steps" && args.size() >= 4) {
    std::vector<int64_t> numbers;
    for (size_t i = 2; i < args.size(); ++i) {
      char *end = nullptr;
      numbers.push_back(std::strtoll(args[i].c_str(), &end, 10));
      if (args[i].empty() || *end)
        return kiln::tools::usageError("kiln-checkpoint",
                                       "'" + args[i] + "' is not an integer");
    }
    return saveSteps(args[1], static_cast<int>(numbers[0]),
                     std::vector<int64_t>(numbers.begin() + 1, numbers.end()));
  }
  if (command == "write-meta" && args.size() == 3)
    return writeMeta(args[1], args[2]);
  return kiln::tools::commandError("kiln-checkpoint", command, kUsage);
}
