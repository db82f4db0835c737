"""contractgen: Go source -> neutral contract IR -> TypeScript, Zod and friends."""

__version__ = "0.1.0"
