// The editor of the Run panels (run.js): CodeMirror 6, bundled into the site by the site builder
// (python/snake_crab/wasm.py runs esbuild), nothing loaded from another host. Python highlighting
// takes the colours of the page's own theme (mdBook's highlight.js classes), and every key typed
// stays in the editor: mdBook's shortcuts (s and / open search, arrows change chapter) never see
// it. Tab indents; Escape, then Tab, leaves the editor, as in every CodeMirror (WCAG 2.1.2).
// Long lines scroll sideways, as the page's other blocks do, and are not wrapped: CodeMirror draws
// only the lines in view and estimates the height of the others, and a wrapped line's estimate is
// wrong, so the page below the editor moved when the reader scrolled to it, under their pointer.
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { HighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { EditorState, Transaction } from "@codemirror/state";
import { drawSelection, EditorView, keymap } from "@codemirror/view";
import { tags } from "@lezer/highlight";

const THEME_COLOURS = HighlightStyle.define([
    { tag: [tags.keyword, tags.controlKeyword, tags.operatorKeyword, tags.definitionKeyword], class: "hljs-keyword" },
    { tag: [tags.string, tags.special(tags.string)], class: "hljs-string" },
    { tag: [tags.comment, tags.lineComment], class: "hljs-comment" },
    { tag: [tags.number, tags.bool, tags.null], class: "hljs-number" },
    { tag: [tags.function(tags.definition(tags.variableName)), tags.definition(tags.className)], class: "hljs-title" },
    { tag: [tags.standard(tags.variableName), tags.self], class: "hljs-built_in" },
]);

export function makeEditor(code, text, label) {
    code.textContent = "";
    // As wide as the longest line from the start (the font is monospace; 8px: a line's padding),
    // so the sideways scrollbar that a long line needs is there before that line is drawn.
    const longest = Math.max(...text.split("\n").map((line) => line.length));
    const view = new EditorView({
        parent: code,
        state: EditorState.create({
            doc: text,
            extensions: [
                history(),
                drawSelection(),
                indentOnInput(),
                python(),
                syntaxHighlighting(THEME_COLOURS),
                keymap.of([indentWithTab, ...defaultKeymap, ...historyKeymap]),
                // tabindex: a long line makes the editor scroll sideways, and a scrolling region
                // must hold something the keyboard can reach (axe: scrollable-region-focusable).
                EditorView.contentAttributes.of({
                    "aria-label": label,
                    tabindex: "0",
                    style: `min-width: calc(${longest}ch + 8px)`,
                }),
            ],
        }),
    });
    // CodeMirror draws only the lines near the window and estimates the height of the others
    // with a default line height until it has measured one; those estimates stayed, and the page
    // below grew when the reader scrolled there (under their pointer). Once the page's fonts are
    // in, the text is set again (not an edit: no undo step), so every estimate uses the real height.
    document.fonts.ready.then(() =>
        requestAnimationFrame(() =>
            view.dispatch({
                changes: { from: 0, to: view.state.doc.length, insert: view.state.doc.toString() },
                annotations: Transaction.addToHistory.of(false),
            }),
        ),
    );
    // The book listens on the document; a key handled here goes no further.
    for (const kind of ["keydown", "keyup", "keypress"]) {
        view.dom.addEventListener(kind, (event) => event.stopPropagation());
    }
    return {
        get text() {
            return view.state.doc.toString();
        },
        set text(value) {
            view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
        },
    };
}
