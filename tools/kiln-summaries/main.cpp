//===- main.cpp - kiln-summaries: write and print TensorBoard event files -===//

#include "Commands.h"
#include "tools/OutOfMemory.h"
#include "tools/ToolConventions.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

static const char kUsage[] =
    "usage: kiln-summaries COMMAND ARGS\n"
    "  write-demo LOGDIR [--steps N]  write a demo run (default 300 steps)\n"
    "  dump FILE|LOGDIR               print the events TensorBoard would "
    "load\n"
    "  encode scalar|histogram TAG V.. print the Summary's bytes in hex\n"
    "  --help, --version\n";

int main(int argc, char **argv) {
  kiln::tools::installOutOfMemoryHandler("kiln-summaries");
  kiln::tools::handleHelpAndVersion(argc, argv, "kiln-summaries", kUsage);
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string command = args.empty() ? "" : args[0];
  if (command == "write-demo" && args.size() == 2)
    return kiln::summaries::writeDemo(args[1], 300);
  if (command == "write-demo" && args.size() == 4 && args[2] == "--steps") {
    char *end = nullptr;
    long steps = std::strtol(args[3].c_str(), &end, 10);
    if (args[3].empty() || *end || steps <= 0)
      return kiln::tools::usageError(
          "kiln-summaries",
          "--steps expects a positive integer, got '" + args[3] + "'");
    return kiln::summaries::writeDemo(args[1], static_cast<int>(steps));
  }
  if (command == "dump" && args.size() == 2)
    return kiln::summaries::dumpEvents(args[1]);
  if (command == "encode" && args.size() >= 3)
    return kiln::summaries::encodeSummaryCommand(
        args[1], args[2], std::vector<std::string>(args.begin() + 3, args.end()));
  return kiln::tools::commandError("kiln-summaries", command, kUsage);
}
