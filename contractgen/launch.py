"""The console script's entry point (and `python -m contractgen`'s): the CLI, loaded without the
cycle collector.

Loading typer, jinja2 and the pipeline's modules creates a few hundred thousand objects (functions,
classes, code) and no garbage, yet the collector ran some sixty times over them: about 10 M of the
shop example's 850 M instructions. It is back on before a command runs (the one-shot commands turn
it off for their run in cli._generate; `watch` needs it for its session), and what was loaded is
frozen out of its reach: `watch`'s full collections and the parse workers' forks skip it."""

import gc


def main() -> None:
    gc.disable()
    try:
        from contractgen import cli
    finally:
        gc.freeze()
        gc.enable()
    cli.main()
