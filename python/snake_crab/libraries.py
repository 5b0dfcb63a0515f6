"""What a built library exports and needs, whatever platform it was built for: ELF (Linux),
Mach-O (macOS) or PE (Windows), read with rustup's llvm-tools (prerequisites.LLVM_TOOLS). The
cross check compares each listing's DLL with its .so; the wheel check reads each wheel's library."""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from snake_crab.prerequisites import llvm_tool


@dataclass(frozen=True)
class Library:
    form: str  # llvm-readobj's "Format": elf64-x86-64, Mach-O arm64, COFF-x86-64, ...
    cpu: str  # its "Arch": x86_64, aarch64, ...
    exports: set[str]  # the functions it defines for others (Mach-O's leading `_` removed)
    needs: set[str]  # the libraries it loads (for Mach-O, not its own install name)


def tool(name: str, *args: str | Path) -> str:
    return subprocess.run([llvm_tool(name), *map(str, args)], capture_output=True, text=True).stdout


def read(library: Path) -> Library:
    headers = tool("llvm-readobj", "--file-headers", library)
    form = re.search(r"^Format: (.+)$", headers, re.M)
    cpu = re.search(r"^Arch: (.+)$", headers, re.M)
    form_name = form[1].strip() if form else "unknown"
    if form_name.startswith("COFF"):
        exports = set(re.findall(r"^\s*Name: (\S+)$", tool("llvm-readobj", "--coff-exports", library), re.M))
        needs = set(re.findall(r"DLL Name: (\S+)", tool("llvm-objdump", "-p", library)))
    elif form_name.startswith("Mach-O"):
        symbols = tool("llvm-nm", "--extern-only", "--defined-only", library).splitlines()
        exports = {line.split()[-1].removeprefix("_") for line in symbols if line.strip()}
        used = tool("llvm-objdump", "--macho", "--dylibs-used", library).splitlines()[1:]
        needs = {line.split(" (")[0].strip() for line in used}
        needs = {n for n in needs if not n.startswith("@rpath/")}  # its own name (LC_ID_DYLIB)
    else:
        symbols = tool("llvm-nm", "-D", "--defined-only", library).splitlines()
        exports = {parts[2] for parts in map(str.split, symbols) if len(parts) == 3 and parts[1] == "T"}
        needs = set(re.findall(r"^\s+(\S+)$", tool("llvm-readobj", "--needed-libs", library), re.M))
    return Library(form_name, cpu[1].strip() if cpu else "unknown", exports, needs)
