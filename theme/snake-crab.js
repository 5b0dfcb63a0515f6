// Small fixes to mdBook's default theme for keyboard and screen-reader users; see book.toml's
// additional-js. (A template override would copy mdBook's whole index.hbs for two attributes.)
(function () {
    "use strict";

    // mdBook's sidebar toggle is a <label> carrying aria-expanded, which a label may not have,
    // and a label cannot take the keyboard focus. As a button it may, and Enter or Space
    // toggles it, as they toggle any button.
    const toggle = document.getElementById("sidebar-toggle");
    if (toggle) {
        toggle.setAttribute("role", "button");
        toggle.setAttribute("tabindex", "0");
        toggle.addEventListener("keydown", function (event) {
            if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                toggle.click();
            }
        });
    }

    // A code block whose lines are wider than the page scrolls sideways; the keyboard can only
    // scroll what it can focus. The listings fit the book's width; a narrow window may not.
    function focusableWhenScrolling() {
        document.querySelectorAll("pre > code").forEach(function (code) {
            if (code.scrollWidth > code.clientWidth) {
                code.setAttribute("tabindex", "0");
            } else {
                code.removeAttribute("tabindex");
            }
        });
    }
    focusableWhenScrolling();
    window.addEventListener("resize", focusableWhenScrolling);
    // Beside mdBook's print button, the whole book as a PDF (`book.py build` prints it), to read
    // offline. The print button's own link says where the book's root is.
    const printLink = document.querySelector('.right-buttons a[href$="print.html"]');
    if (printLink) {
        const pdf = document.createElement("a");
        pdf.href = printLink.getAttribute("href").replace(/print\.html$/, "snake-crab.pdf");
        pdf.title = "The whole book as a PDF";
        pdf.setAttribute("aria-label", "The whole book as a PDF");
        pdf.innerHTML = '<i class="fa fa-file-pdf-o"></i>';
        printLink.before(pdf);
    }

    // The eye button shows hidden lines, which may be the longest.
    document.addEventListener("click", function () {
        window.requestAnimationFrame(focusableWhenScrolling);
    });
})();
