#!/usr/bin/python3
"""The part of a window manager the tests need, for an X server without one (Xvfb).

  wm.py count TITLE   print how many mapped top-level windows are titled TITLE
  wm.py close TITLE   ask each of them to close, as a title bar's close button does
                      (a WM_DELETE_WINDOW client message)

Uses Debian's python3-xlib, so it runs with /usr/bin/python3."""

import sys

from Xlib import X, display, protocol


def windows(d, title):
    found = []

    def walk(window):
        for child in window.query_tree().children:
            try:
                if child.get_wm_name() == title and child.get_attributes().map_state == X.IsViewable:
                    found.append(child)
            except Exception:  # windows come and go while we look
                continue
            walk(child)

    walk(d.screen().root)
    return found


def main():
    command, title = sys.argv[1], sys.argv[2]
    d = display.Display()
    found = windows(d, title)
    if command == "count":
        print(len(found))
    elif command == "close":
        protocols, delete = d.intern_atom("WM_PROTOCOLS"), d.intern_atom("WM_DELETE_WINDOW")
        for window in found:
            event = protocol.event.ClientMessage(window=window, client_type=protocols,
                                                 data=(32, [delete, X.CurrentTime, 0, 0, 0]))
            window.send_event(event)
        d.flush()
        print(len(found))


if __name__ == "__main__":
    main()
