"""The TypeScript templates' `jsdoc` filter, which replaced the `doc` macro of `_macros.jinja` in the
built-in templates (a macro call cost jinja2 ten times a filter's): the same text as the macro made,
and the macro kept, with the same output, for templates written against it."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from contractgen.pipeline import build
from contractgen.targets.ts.names import doc_lines, jsdoc
from harness.paths import REPO

# The macro as the built-in templates had it until 2026-12-03, rendered with the targets' settings.
_OLD_MACRO = """{% macro doc(lines, indent="") %}
{% if lines %}
{% if lines|length == 1 %}
{{ indent }}/** {{ lines[0] }} */
{% else %}
{{ indent }}/**
{% for line in lines %}
{{ indent }} *{{ " " if line else "" }}{{ line }}
{% endfor %}
{{ indent }} */
{% endif %}
{% endif %}
{% endmacro %}{{ doc(lines, indent) }}"""


@pytest.mark.parametrize(
    "text", ["", "   ", "One line.", "Two\nlines.", "A paragraph.\n\nAnother, after a blank line.\n", "Deprecated: use B.\nx */ y"]
)
@pytest.mark.parametrize("indent", ["", "  ", "          "])
def test_the_filter_writes_what_the_macro_wrote(text: str, indent: str) -> None:
    env = jinja2.Environment(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    lines = doc_lines(text)
    assert jsdoc(lines, indent) == env.from_string(_OLD_MACRO).render(lines=lines, indent=indent)


def test_a_user_template_calling_the_macro_renders_as_the_built_in_one(tmp_path: Path) -> None:
    built_in = (REPO / "templates" / "ts" / "decl_object.ts.jinja").read_text()
    assert "|jsdoc" in built_in
    with_macro = built_in.replace('{{ decl.doc|jsdoc }}', "{{ m.doc(decl.doc) }}").replace('{{ f.doc|jsdoc("  ") }}', '{{ m.doc(f.doc, "  ") }}')
    assert with_macro.count("m.doc(") == 2
    (tmp_path / "decl_object.ts.jinja").write_text(with_macro)
    shop = REPO / "fixtures" / "shop"
    ours, theirs = build(shop).files, build(shop, template_dir=tmp_path).files
    assert theirs == ours
    assert any("/**" in text for path, text in ours.items() if path.endswith("models.ts"))  # the docs are there

