"""Compiling generated TypeScript with the repo's TypeScript 7, and proving schema and type agree."""

from __future__ import annotations

import subprocess
from pathlib import Path

from contractgen.ir.model import Contract, TypeDecl
from contractgen.targets.ts import declaration_names, module_path
from contractgen.targets.ts.names import identifier

RESOLUTIONS = {
    "nodenext": ["--module", "nodenext", "--moduleResolution", "nodenext"],
    "bundler": ["--module", "preserve", "--moduleResolution", "bundler"],
    # The package's types are its sources, so a consumer's strictest flags apply to them too.
    "nodenext-exact": ["--module", "nodenext", "--moduleResolution", "nodenext", "--exactOptionalPropertyTypes", "--noUncheckedIndexedAccess"],
}


def compile_package(tsc: Path, package_dir: Path, resolution: str, emit: bool = False) -> subprocess.CompletedProcess[str]:
    args = [str(tsc), "-p", str(package_dir / "tsconfig.json"), "--strict", *RESOLUTIONS[resolution]]
    if not emit:
        args.append("--noEmit")
    return subprocess.run(args, capture_output=True, text=True, cwd=package_dir)


def sample_argument(decl: TypeDecl, index: int) -> tuple[str, str]:
    """A concrete (TS type, Zod schema type) for a type parameter, respecting its constraint."""
    constraint = decl.params[index].constraint
    if constraint is not None and constraint.kind in ("integer", "number"):
        return "number", "z.ZodNumber"
    return "string", "z.ZodString"


def equality_assertions(contract: Contract) -> str:
    """`src/__assert.ts`: for every declaration, X and z.infer<typeof XSchema> are the same type."""
    lines = [
        'import * as z from "zod";',
        "type Equal<X, Y> = (<G>() => G extends X ? 1 : 2) extends (<G>() => G extends Y ? 1 : 2) ? true : false;",
        "type Expect<T extends true> = T;",
    ]
    names = declaration_names(contract)
    for index, package in enumerate(contract.packages):
        module = "./" + module_path(package, contract)[len("src/") : -len(".ts")] + ".js"
        lines.append(f'import * as m{index} from "{module}";')
    count = 0
    for index, package in enumerate(contract.packages):
        for decl in package.types:
            name = f"m{index}.{names[(package.path, decl.name)]}"
            if decl.params:
                args = [sample_argument(decl, i) for i in range(len(decl.params))]
                ts_args = ", ".join(a[0] for a in args)
                zod_args = ", ".join(a[1] for a in args)
                left = f"{name}<{ts_args}>"
                right = f"z.infer<ReturnType<typeof {name}Schema<{zod_args}>>>"
            else:
                left, right = name, f"z.infer<typeof {name}Schema>"
            lines.append(f"export type _assert{count} = Expect<Equal<{left}, {right}>>;")
            count += 1
    return "\n".join(lines) + "\n"
