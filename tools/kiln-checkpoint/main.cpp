//===- main.cpp - kiln-checkpoint: write and print V2 checkpoints ---------===//

#include "Commands.h"

#include <cstdio>
#include <cstdlib>

static const char kUsage[] =
    "usage: kiln-checkpoint COMMAND ARGS\n"
    "  list PREFIX                      name, dtype and shape of each tensor\n"
    "  dump PREFIX [NAME...]            ... and their values\n"
    "  latest DIR                       the newest checkpoint of DIR\n"
    "  write-sample PREFIX              a checkpoint with one tensor per dtype\n"
    "  save-steps DIR MAX_TO_KEEP STEP.. save the sample as DIR/model.ckpt-STEP\n"
    "  write-meta PREFIX GRAPHDEF.pb    PREFIX.meta wrapping a GraphDef\n";

int main(int argc, char **argv) {
  using namespace kiln::checkpoint_tool;
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
    std::vector<int64_t> steps;
    for (size_t i = 3; i < args.size(); ++i)
      steps.push_back(std::strtoll(args[i].c_str(), nullptr, 10));
    return saveSteps(args[1], std::atoi(args[2].c_str()), steps);
  }
  if (command == "write-meta" && args.size() == 3)
    return writeMeta(args[1], args[2]);
  std::fputs(kUsage, stderr);
  return 2;
}
