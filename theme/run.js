// Run buttons under the Python listings that run in the browser (python/snake_crab/wasm.py measured which,
// and marked each with a <div class="run-panel" data-script="...">). Nothing loads until the
// reader presses Run: then a Web Worker (wasm/run-worker.js) loads Pyodide and runs the script
// shown, as edited, with the listing's Rust library built for WebAssembly.
(function () {
    "use strict";
    // Absolute: the worker resolves URLs against its own address (wasm/), not the page's.
    const base = new URL((typeof path_to_root === "string" && path_to_root) || "./", document.baseURI).href;
    let worker = null;
    let nextId = 0;
    const handlers = {};

    function startWorker() {
        worker = new Worker(base + "wasm/run-worker.js", { type: "module" });
        worker.onmessage = (event) => {
            const handler = handlers[event.data.id];
            if (handler) handler(event.data);
        };
        // A worker that cannot start (its script or Pyodide missing) ends the run in progress.
        worker.onerror = (event) => {
            event.preventDefault();
            Object.values(handlers).forEach((handler) =>
                handler({ type: "fatal", text: "Python could not start: " + (event.message || "the worker failed") }),
            );
        };
    }

    function line(output, stream, text) {
        const span = document.createElement("span");
        span.className = "run-" + stream;
        span.textContent = text + "\n";
        output.appendChild(span);
    }

    function setUp(panel) {
        const pre = panel.previousElementSibling;
        const code = pre && pre.querySelector("code");
        if (!code) return;
        const original = code.innerHTML;
        code.setAttribute("contenteditable", "plaintext-only");
        code.setAttribute("spellcheck", "false");
        code.setAttribute("aria-label", "The script, which you may edit before pressing Run");

        const run = document.createElement("button");
        run.type = "button";
        run.className = "run-button";
        run.textContent = "Run";
        const stop = document.createElement("button");
        stop.type = "button";
        stop.textContent = "Stop";
        stop.hidden = true;
        const reset = document.createElement("button");
        reset.type = "button";
        reset.textContent = "Reset";
        const status = document.createElement("span");
        status.className = "run-status";
        status.setAttribute("role", "status");
        const output = document.createElement("pre");
        output.className = "run-result";
        output.setAttribute("aria-live", "polite");
        output.setAttribute("aria-label", "What the script printed");
        output.setAttribute("tabindex", "0");
        output.hidden = true;
        panel.append(run, stop, reset, status, output);

        function finish(text) {
            run.disabled = false;
            stop.hidden = true;
            status.textContent = text;
            panel.dataset.state = "done";
        }

        run.addEventListener("click", () => {
            const id = nextId++;
            output.textContent = "";
            output.hidden = false;
            run.disabled = true;
            stop.hidden = false;
            panel.dataset.state = "running";
            const pressed = performance.now();
            if (!worker) startWorker();
            handlers[id] = (message) => {
                if (message.type === "status") {
                    status.textContent = message.text;
                } else if (message.type === "out") {
                    line(output, message.stream, message.text);
                } else if (message.type === "fatal" && message.text.startsWith("Python could not start")) {
                    if (worker) worker.terminate();
                    worker = null;
                    line(output, "stderr", message.text);
                    panel.dataset.exit = "failed";
                    finish("Failed");
                } else if (message.type === "fatal") {
                    if (worker) worker.terminate();
                    worker = null;
                    const note = document.createElement("span");
                    note.className = "run-stderr";
                    note.innerHTML =
                        "The Rust library aborted, and with it this page's Python (a panic that " +
                        'reaches <code>extern "C"</code> aborts: see <a href="' + base +
                        'errors.html#panics-never-across-extern-c">Errors and panics</a>). ' +
                        "The next Run starts a new one.\n";
                    output.appendChild(note);
                    panel.dataset.exit = "aborted";
                    finish("Aborted");
                } else if (message.type === "done") {
                    panel.dataset.exit = String(message.exit);
                    panel.dataset.readyMs = String(Math.round(performance.now() - pressed - message.ms));
                    panel.dataset.runMs = String(Math.round(message.ms));
                    finish(message.exit === 0 ? "" : "Exited with status " + message.exit);
                }
                if (panel.dataset.state === "done") delete handlers[id];
            };
            worker.postMessage({ id, base, script: panel.dataset.script, source: code.innerText });
        });
        stop.addEventListener("click", () => {
            if (worker) worker.terminate();
            worker = null;
            line(output, "stderr", "Stopped. The next Run starts Python again.");
            panel.dataset.exit = "stopped";
            finish("Stopped");
        });
        reset.addEventListener("click", () => {
            code.innerHTML = original;
            output.textContent = "";
            output.hidden = true;
            status.textContent = "";
        });
    }

    document.querySelectorAll(".run-panel[data-script]").forEach(setUp);
})();
