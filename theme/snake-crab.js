// Small fixes to mdBook's default theme for keyboard and screen-reader users; see book.toml's
// additional-js. (A template override would copy mdBook's whole index.hbs for two attributes.)
(function () {
    "use strict";

    // mdBook's sidebar toggle is a <label> carrying aria-expanded, which a label may not have,
    // and a label cannot take the keyboard focus. As a button it may, and Enter or Space
    // toggles it, as they toggle any button.
    const toggle = document.getElementById("mdbook-sidebar-toggle");
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
    // Beside mdBook's print button, the whole book to read offline, as a PDF and as an EPUB
    // (`book.py build` makes both). The print button's own link says where the book's root is.
    // Drawn like mdBook's own buttons: inline SVGs (Font Awesome Free 6.2.0's "file-lines" and
    // "book", https://fontawesome.com, icons CC BY 4.0), coloured by the theme through fa-svg.
    const ICONS = {
        pdf: [384, "M64 0C28.7 0 0 28.7 0 64V448c0 35.3 28.7 64 64 64H320c35.3 0 64-28.7 64-64V160H256" +
            "c-17.7 0-32-14.3-32-32V0H64zM256 0V128H384L256 0zM112 256H272c8.8 0 16 7.2 16 16s-7.2 16" +
            "-16 16H112c-8.8 0-16-7.2-16-16s7.2-16 16-16zm0 64H272c8.8 0 16 7.2 16 16s-7.2 16-16 16H112" +
            "c-8.8 0-16-7.2-16-16s7.2-16 16-16zm0 64H272c8.8 0 16 7.2 16 16s-7.2 16-16 16H112c-8.8 0-16" +
            "-7.2-16-16s7.2-16 16-16z"],
        epub: [448, "M96 0C43 0 0 43 0 96V416c0 53 43 96 96 96H384h32c17.7 0 32-14.3 32-32s-14.3-32-32" +
            "-32V384c17.7 0 32-14.3 32-32V32c0-17.7-14.3-32-32-32H384 96zm0 384H352v64H96c-17.7 0-32" +
            "-14.3-32-32s14.3-32 32-32zm32-240c0-8.8 7.2-16 16-16H336c8.8 0 16 7.2 16 16s-7.2 16-16 16" +
            "H144c-8.8 0-16-7.2-16-16zm16 48H336c8.8 0 16 7.2 16 16s-7.2 16-16 16H144c-8.8 0-16-7.2-16" +
            "-16s7.2-16 16-16z"],
    };
    const printLink = document.querySelector('.right-buttons a[href$="print.html"]');
    if (printLink) {
        [["pdf", "The whole book as a PDF"], ["epub", "The whole book as an EPUB, for e-readers"]]
            .forEach(function ([kind, label]) {
                const link = document.createElement("a");
                link.href = printLink.getAttribute("href").replace(/print\.html$/, "snake-crab." + kind);
                link.title = label;
                link.setAttribute("aria-label", label);
                const [width, path] = ICONS[kind];
                link.innerHTML = '<span class="fa-svg"><svg xmlns="http://www.w3.org/2000/svg" ' +
                    'viewBox="0 0 ' + width + ' 512"><path d="' + path + '"/></svg></span>';
                printLink.before(link);
            });
    }

    // The eye button shows hidden lines, which may be the longest.
    document.addEventListener("click", function () {
        window.requestAnimationFrame(focusableWhenScrolling);
    });
})();
