"""Hold Ctrl+C back while Rust runs a call that calls back into Python; raise it once Rust returns.

While Rust works, Python cannot act on Ctrl+C: it notes the signal and raises KeyboardInterrupt
at the next Python instruction it runs. In a call that calls back, that is the callback's first
instruction, before any `try` in it: ctypes prints "Exception ignored on calling ctypes callback
function", and Rust gets no answer from the callback, only whatever was in the return register.
Inside `with HeldCtrlC() as ctrl_c:`, Ctrl+C only sets `ctrl_c.pressed`, which a callback reads to
ask Rust to stop; leaving the block sends the signal again, so the KeyboardInterrupt (or whatever
the program's own handler does) comes after the call, where a `try` can catch it."""

import signal
import threading


class HeldCtrlC:
    """A context manager: Ctrl+C (SIGINT) is recorded in `pressed` while it is in effect."""

    def __init__(self) -> None:
        self.pressed = False
        self._previous: object = None

    def _record(self, signum: int, frame: object) -> None:
        self.pressed = True  # nothing here can raise: it runs wherever Python happens to be

    def __enter__(self) -> "HeldCtrlC":
        # Python runs signal handlers in the main thread only; elsewhere there is nothing to hold.
        # (getsignal gives None for a handler set outside Python: that one is left alone.)
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.getsignal(signal.SIGINT)
            if self._previous is not None:
                signal.signal(signal.SIGINT, self._record)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._previous is None:
            return
        # signal.signal runs a handler still pending (our _record) before it puts the old one back.
        signal.signal(signal.SIGINT, self._previous)  # type: ignore[arg-type]
        if self.pressed:  # to the program's handler: KeyboardInterrupt by default
            signal.raise_signal(signal.SIGINT)
