# The kiln lit suite. Configured through the generated lit.site.cfg.py, so
# both `ninja check-kiln` and a plain `lit build/tests` run it.
import os
import shutil

import lit.formats
from lit.llvm import llvm_config

config.name = "kiln"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".ll", ".pbtxt", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.kiln_obj_root, "tests")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]

# Captures must not leak from one CHECK-LABEL block into the next.
config.environment["FILECHECK_OPTS"] = "-enable-var-scope"

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
tool_dirs = [config.kiln_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(["kiln-opt", "kiln-translate", "FileCheck", "not"], tool_dirs)

config.substitutions.append(
    ("%kiln_unit_dir", os.path.join(config.kiln_obj_root, "tests", "unit")))

# PTX execution tests declare `REQUIRES: cuda` and run only next to a GPU.
if shutil.which("nvidia-smi") and os.system("nvidia-smi -L >/dev/null 2>&1") == 0:
    config.available_features.add("cuda")
