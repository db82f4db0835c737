"""Go source at the byte level, for what is decided before (or instead of) a parse."""

# A comment, or a string, raw string or rune literal: text in which no word is code (compile with
# re.DOTALL, so that a block comment may span lines). Nothing here escapes into code: a literal
# that is not closed on its line (or, for a raw string, in the file) does not match.
COMMENT_OR_LITERAL = rb'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|`[^`]*`|\'(?:\\.|[^\'\\\n])*\''
