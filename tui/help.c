/* help.c - the help screen (?, F1): one table of every key, so that the help cannot go stale,
 * then the keys of the key style in use (ui.keys, docs/configuration.md). */
#include "tui/internal.h"

#include <stdio.h>
#include <string.h>

/* Every key, for the help screen: one table, so that the help cannot go stale. */
struct key_help_row {
	const char *where;
	const char *keys;
	const char *what;
};
static const struct key_help_row key_help[] = {
    {"Everywhere", "?", "show or hide this list of keys"},
    {"Everywhere", "Ctrl-C", "save and quit"},
    {"Everywhere", "Ctrl-S", "save now (answers also save themselves as you type)"},
    {"Everywhere", "click / click again", "select / open or pick what is selected"},
    {"Everywhere", "mouse wheel", "scroll, or move the selection"},
    {"Everywhere", "F2 (s outside an answer)", "the strategy document as it stands"},
    {"Everywhere", "F3 (r outside an answer)", "the roadmap board and timeline"},
    {"Everywhere", "F4 (v outside an answer)", "versions: the history and what changed"},
    {"Everywhere", "F5 (y outside an answer)", "sync with your cohort (Esc stops it)"},
    {"Modules", "c", "choose between answers changed on two laptops"},
    {"Modules, Lesson", "u", "submit the module for your facilitator's review"},
    {"Everywhere", "f (outside an answer)", "your facilitator's feedback: comments, replies"},
    {"Feedback", "Up/Down", "choose a comment"},
    {"Feedback", "r", "reply to the comment"},
    {"Feedback", "x", "mark the comment resolved, or open again"},
    {"Feedback", "Enter", "go to the answer it is about"},
    {"Writing box", "F10, Ctrl-D / Esc", "send / cancel (Enter starts a new line)"},
    {"Dashboard", "Up/Down, Enter", "choose a participant, open their review"},
    {"Dashboard", "p / l / o", "sort by progress / last sync / roster"},
    {"Dashboard", "w", "show only participants waiting for your review"},
    {"Dashboard", "F5, y", "sync everyone: fetch their work, deliver your feedback"},
    {"Review", "Tab, n / Shift-Tab, p", "next / previous answer"},
    {"Review", "c / C", "comment on the answer / on its strategy section"},
    {"Review", "a / x", "approve the answer's module / request changes"},
    {"Review", "s", "the participant's strategy, changed sections marked"},
    {"Review", "Esc, q", "back to the dashboard"},
    {"Two laptops", "1 / 2, Up/Down", "keep this laptop's answer / take the other one"},
    {"Modules", "Up/Down, j/k", "choose a module"},
    {"Modules", "Enter, Right, l", "open the module"},
    {"Modules", "q", "quit"},
    {"Lesson", "Up/Down, j/k, wheel", "scroll a line"},
    {"Lesson", "PgUp/PgDn, Space, b", "scroll a page"},
    {"Lesson", "Home/End, g/G", "go to the start or the end"},
    {"Lesson", "Tab, n / Shift-Tab, p", "next / previous exercise"},
    {"Lesson", "Enter", "answer the highlighted exercise"},
    {"Lesson", "e", "answer a text exercise in your own editor ($EDITOR)"},
    {"Lesson", "Left, Esc, q", "back to the modules"},
    {"Text answer", "typing, Enter", "write; Enter starts a new line"},
    {"Text answer", "arrows, Home/End", "move by character, line, start/end of line"},
    {"Text answer", "Ctrl-Left/Right, Alt-b/f", "move by word"},
    {"Text answer", "Backspace/Delete", "delete a character"},
    {"Text answer", "Ctrl-W, Alt-Backspace / Alt-d", "delete a word back / forward"},
    {"Text answer", "Ctrl-K", "delete to the end of the line"},
    {"Text answer", "Ctrl-Z / Ctrl-Y", "undo / redo"},
    {"Text answer", "Ctrl-E, Ctrl-X Ctrl-E", "open the answer in your own editor"},
    {"Text answer", "Ctrl-R", "put back words not saved when roadbook last stopped"},
    {"Text answer", "Esc, F10", "done (the answer is already saved)"},
    {"Choices", "Up/Down, number keys", "move, or pick an option by its number"},
    {"Choices", "Space, Enter", "pick (or tick/untick) the option"},
    {"Choices", "Backspace", "clear the answer"},
    {"Number", "digits, Enter", "type the number; Enter saves it"},
    {"Table", "Up/Down, Tab", "move between the fields of the rows"},
    {"Table", "Enter", "edit the field (Enter saves, Esc cancels)"},
    {"Table", "a / d d", "add a row / delete the row (press d twice)"},
    {"Answer screens", "Esc, F10", "done, back to the lesson"},
    {"Strategy", "Up/Down, PgUp/PgDn, wheel", "scroll"},
    {"Strategy", "Tab, n / Shift-Tab, p", "next / previous question"},
    {"Strategy", "Enter", "go to the exercise that feeds it"},
    {"Strategy", "Esc, s, q", "back"},
    {"Roadmap", "Left/Right, Up/Down", "choose an initiative"},
    {"Roadmap", "< > (or Shift-Left/Right)", "move it to the previous / next horizon"},
    {"Roadmap", "K J (or Shift-Up/Down)", "move it up / down"},
    {"Roadmap", "Enter", "edit the roadmap table at that row"},
    {"Roadmap", "t", "switch between the board and the timeline"},
    {"Roadmap", "Esc, r, q", "back"},
    {"Versions", "Up/Down, j/k", "choose a version (the top row is your answers now)"},
    {"Versions", "Enter", "what changed since that version, answer by answer"},
    {"Versions", "m", "mark a version, then Enter on another to compare the two"},
    {"Versions", "S", "save a version now (one is also saved when you finish a module)"},
    {"Versions", "Esc, v, q", "back (from a comparison: back to the list)"},
};

/* The keys each key style adds (ui.keys, tui/keymap.c); the help shows the style in use. */
static const struct {
	enum rb_key_style style;
	struct key_help_row row;
} style_help[] = {
    {RB_KEYS_VI, {"Key style vi", "j / k, h / l", "down / up, left / right in lists, lessons"}},
    {RB_KEYS_VI, {"Key style vi", "g / G", "to the start / the end"}},
    {RB_KEYS_VI, {"Key style vi", "Ctrl-D, Ctrl-F / Ctrl-U, Ctrl-B", "page down / up"}},
    {RB_KEYS_VI,
     {"Key style vi", "letters a screen uses", "keep their meaning there (l: dashboard sort)"}},
    {RB_KEYS_EMACS, {"Key style emacs", "Ctrl-N / Ctrl-P", "down / up (in text too)"}},
    {RB_KEYS_EMACS, {"Key style emacs", "Ctrl-F / Ctrl-B", "right / left (in text too)"}},
    {RB_KEYS_EMACS, {"Key style emacs", "Alt-< / Alt->", "to the start / the end of a list"}},
    {RB_KEYS_EMACS, {"Key style emacs", "Ctrl-V / Alt-v", "page down / up"}},
    {RB_KEYS_EMACS, {"Key style emacs", "Ctrl-A / Ctrl-E", "start / end of the line in text"}},
    {RB_KEYS_EMACS, {"Key style emacs", "Ctrl-X Ctrl-E", "open a text answer in your own editor"}},
};

/* Row i of the help: the table of every key, then the rows of the key style in use. */
static const struct key_help_row *help_row(const struct tui *t, size_t i)
{
	size_t n = sizeof key_help / sizeof key_help[0];
	if (i < n)
		return &key_help[i];
	for (size_t j = 0; j < sizeof style_help / sizeof style_help[0]; j++)
		if (style_help[j].style == t->keymap.style && i-- == n)
			return &style_help[j].row;
	return NULL;
}

void tui_draw_help(struct tui *t)
{
	erase();
	char bar[128];
	snprintf(bar, sizeof bar, "? or Esc: close help   Up/Down: scroll   key style: %s",
		 rb_key_style_name(t->keymap.style));
	tui_draw_bars(t, bar);
	int y = 1, body = t->rows - 2;
	size_t lines = 0;
	const char *where = NULL;
	const struct key_help_row *row;
	for (size_t i = 0; (row = help_row(t, i)) != NULL; i++) {
		if (!where || strcmp(where, row->where)) {
			where = row->where;
			if (lines >= t->help_top && y < body + 1)
				tui_text(y++, 1, t->cols - 2, where, tui_attr(t, TC_HEADING));
			lines++;
		}
		if (lines >= t->help_top && y < body + 1) {
			tui_text(y, 3, 30, row->keys, tui_attr(t, TC_MARKER));
			tui_text(y++, 34, t->cols - 35, row->what, A_NORMAL);
		}
		lines++;
	}
}
