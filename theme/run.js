// Run panels under the Python listings that run in the browser (python/snake_crab/wasm.py measured
// which, and marked each with a <div class="run-panel" data-script="...">), and Check panels under
// the exercises' starters (data-edits: the module the reader completes; data-script: its tests). Each listing becomes
// an editor (wasm/editor.js). Nothing else loads until the reader presses Run: then one Web
// Worker for the page (wasm/run-worker.js) loads Pyodide and runs the scripts, one at a time, each
// run in its own panel: a second Run waits for the first, Stop and Reset act on their own panel.
(function () {
    "use strict";
    // Absolute: the worker resolves URLs against its own address (wasm/), not the page's.
    const base = new URL((typeof path_to_root === "string" && path_to_root) || "./", document.baseURI).href;
    const MAX_LINES = 2000; // printed lines a panel shows; the rest is cut, with a line saying so
    const PYTHON = "Python 3.14 in your browser (Pyodide)";

    // The page's runner: one worker, the run under way, and the runs waiting for it.
    const runner = {
        worker: null,
        current: null,
        waiting: [],
        submit(run) {
            this.waiting.push(run);
            run.queued(this.current !== null);
            this.next();
        },
        next() {
            if (this.current || this.waiting.length === 0) return;
            const run = (this.current = this.waiting.shift());
            if (!this.worker) this.start();
            run.started();
            this.worker.postMessage({ id: run.id, base, script: run.script, edits: run.edits });
        },
        start() {
            const worker = (this.worker = new Worker(base + "wasm/run-worker.js", { type: "module" }));
            worker.onmessage = (event) => {
                const run = this.current;
                if (worker !== this.worker || !run || event.data.id !== run.id) return; // an old run's
                run.message(event.data);
                if (event.data.type === "fatal") this.stop();
                if (event.data.type === "done" || event.data.type === "fatal") this.finished(run);
            };
            // A worker that cannot start (its script or Pyodide missing) ends the run under way.
            worker.onerror = (event) => {
                event.preventDefault();
                const run = this.current;
                this.stop();
                if (run) {
                    run.message({ type: "fatal", text: "Python could not start: " + (event.message || "the worker failed") });
                    this.finished(run);
                }
            };
        },
        stop() {
            if (this.worker) {
                this.worker.onmessage = this.worker.onerror = null;
                this.worker.terminate();
            }
            this.worker = null;
        },
        finished(run) {
            if (this.current === run) this.current = null;
            this.next();
        },
        // Stop or Reset in a panel: its run ends, whether under way (Python starts again for the
        // next run) or waiting; the other panels' runs go on.
        cancel(run) {
            this.waiting = this.waiting.filter((other) => other !== run);
            if (this.current === run) {
                this.stop();
                this.finished(run);
            }
        },
    };

    let nextId = 0;

    function setUp(panel, makeEditor) {
        const pre = panel.previousElementSibling;
        const code = pre && pre.querySelector("code");
        if (!code) return;
        const original = code.textContent.replace(/\n$/, ""); // innerText is "" in a closed <details>
        // A Check panel is under an exercise's starter: the reader completes the module, and
        // Check runs the exercise's tests (data-script) against it (data-edits names its file).
        const checks = panel.dataset.edits;
        const [, file] = panel.dataset.script.split("/");
        const editor = makeEditor(
            code,
            original,
            checks ? "Your code, which Check tests" : "The script, which you may edit before pressing Run"
        );
        pre.classList.add("run-editor");

        const run = button(checks ? "Check" : "Run", "run-button");
        const stop = button("Stop");
        stop.hidden = true;
        const reset = button("Reset");
        const status = document.createElement("span");
        status.className = "run-status";
        status.setAttribute("role", "status");
        const note = document.createElement("p");
        note.className = "run-note";
        note.textContent = checks
            ? "Runs the exercise's tests above with pytest, in " + PYTHON + ", against your code and " +
              "the chapter's Rust library built for WebAssembly. Reset brings back the starting point."
            : "Runs in " + PYTHON + ", with the listing's Rust library built for WebAssembly: its output " +
              "is the one shown for Python 3.14. Python and the Rust library stay loaded between runs " +
              "on this page (Rust's statics keep their values); Stop ends a run and starts Python afresh.";
        const output = document.createElement("pre");
        output.className = "run-result";
        output.setAttribute("aria-live", "polite");
        output.setAttribute("aria-label", checks ? "What the tests said" : "What the script printed");
        output.setAttribute("tabindex", "0");
        output.hidden = true;
        panel.append(run, stop, reset, status, note, output);

        let mine = null; // this panel's run, from Run until it ends
        let lines = 0;

        function show(stream, text) {
            for (const piece of text.split("\n")) {
                lines += 1;
                if (lines > MAX_LINES) {
                    if (lines === MAX_LINES + 1) append("run-stderr", `(output cut at ${MAX_LINES} lines)`);
                    return;
                }
                append("run-" + stream, piece);
            }
        }

        function append(className, text) {
            const span = document.createElement("span");
            span.className = className;
            span.textContent = text + "\n";
            output.appendChild(span);
        }

        function finish(exit, text) {
            mine = null;
            run.disabled = false;
            stop.hidden = true;
            status.textContent = text;
            panel.dataset.exit = exit;
            panel.dataset.state = "done";
        }

        run.addEventListener("click", () => {
            const pressed = performance.now();
            output.textContent = "";
            output.hidden = false;
            lines = 0;
            run.disabled = true;
            stop.hidden = false;
            delete panel.dataset.exit;
            const job = (mine = {
                id: nextId++,
                script: panel.dataset.script,
                edits: { [checks || file]: editor.text },
                queued(behind) {
                    panel.dataset.state = "waiting";
                    status.textContent = behind ? "Waiting for the run above to end…" : "";
                },
                started() {
                    panel.dataset.state = "running";
                    status.textContent = "Running…";
                },
                message(message) {
                    if (mine !== job) return;
                    if (message.type === "status") {
                        status.textContent = message.text || "Running…";
                    } else if (message.type === "out") {
                        show(message.stream, message.text);
                    } else if (message.type === "fatal" && message.text.startsWith("Python could not start")) {
                        append("run-stderr", message.text);
                        finish("failed", "Failed");
                    } else if (message.type === "fatal") {
                        const words = document.createElement("span");
                        words.className = "run-stderr";
                        words.innerHTML =
                            "The Rust library aborted, and with it this page's Python (a panic that " +
                            'reaches <code>extern "C"</code> aborts: see <a href="' + base +
                            'errors.html#panics-never-across-extern-c">Errors and panics</a>). ' +
                            "The next Run starts a new one.\n";
                        output.appendChild(words);
                        finish("aborted", "Aborted");
                    } else if (message.type === "done") {
                        panel.dataset.readyMs = String(Math.round(performance.now() - pressed - message.ms));
                        panel.dataset.runMs = String(Math.round(message.ms));
                        panel.dataset.python = message.started; // scratch, snapshot or loaded
                        const said = checks
                            ? message.exit === 0 ? "Every test passes" : "Not yet: some tests fail"
                            : message.exit === 0 ? "" : "Exited with status " + message.exit;
                        finish(String(message.exit), said);
                    }
                },
            });
            runner.submit(job);
        });
        stop.addEventListener("click", () => {
            if (!mine) return;
            const job = mine;
            const started = panel.dataset.state === "running";
            finish("stopped", "Stopped");
            runner.cancel(job);
            append("run-stderr", started ? "Stopped. The next Run starts Python again." : "Stopped before it started.");
        });
        reset.addEventListener("click", () => {
            if (mine) {
                const job = mine;
                finish("reset", "");
                runner.cancel(job);
            }
            editor.text = original;
            output.textContent = "";
            output.hidden = true;
            status.textContent = "";
        });
    }

    function button(text, className) {
        const element = document.createElement("button");
        element.type = "button";
        element.textContent = text;
        if (className) element.className = className;
        return element;
    }

    const panels = document.querySelectorAll(".run-panel[data-script]");
    if (panels.length > 0) {
        import(base + "wasm/editor.js").then(({ makeEditor }) => {
            panels.forEach((panel) => setUp(panel, makeEditor));
            document.documentElement.dataset.runPanels = "ready";
        });
    }
})();
