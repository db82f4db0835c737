"""Go source at the byte level, for what is decided before (or instead of) a parse."""

# A comment, or a string, raw string or rune literal: text in which no word is code (compile with
# re.DOTALL, so that a block comment may span lines). Nothing here escapes into code: a literal
# that is not closed on its line (or, for a raw string, in the file) does not match.
# A string's body is written as runs of plain characters between escapes ("unrolled"), which the
# regex engine matches a run at a time instead of trying two alternatives at each character: a
# fifth less time to blank net/http's files, the same matches on all 21,916 files of GOROOT and the
# module cache here.
COMMENT_OR_LITERAL = rb'//[^\n]*|/\*.*?\*/|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|`[^`]*`|\'[^\'\\\n]*(?:\\.[^\'\\\n]*)*\''
