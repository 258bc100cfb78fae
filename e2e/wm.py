#!/usr/bin/python3
"""The part of a window manager the tests need, for an X server without one (Xvfb).

  wm.py count TITLE   print how many mapped top-level windows are titled TITLE (or end with
                      " — TITLE", as Stint's does while a timer runs: "0:42 · Writing — Stint")
  wm.py close TITLE   ask each of them to close, as a title bar's close button does
                      (a WM_DELETE_WINDOW client message)
  wm.py geometry TITLE
                      print the first one's place and size on the screen: "x y width height"
  wm.py move TITLE X Y WIDTH HEIGHT
                      move and resize them, as a person dragging the window would

Uses Debian's python3-xlib, so it runs with /usr/bin/python3."""

import sys

from Xlib import X, display, protocol


def title_of(d, window):
    """The UTF-8 title GTK sets (_NET_WM_NAME), else the old WM_NAME."""
    net = window.get_full_property(d.intern_atom("_NET_WM_NAME"), d.intern_atom("UTF8_STRING"))
    if net is not None:
        value = net.value
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return window.get_wm_name()


def windows(d, title):
    found = []

    def walk(window):
        try:
            children = window.query_tree().children
        except Exception:  # gone since its parent was listed
            return
        for child in children:
            try:
                name = title_of(d, child)
                named = isinstance(name, str) and (name == title or name.endswith(" — " + title))
                if named and child.get_attributes().map_state == X.IsViewable:
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
    elif command == "geometry":
        window = found[0]
        geometry = window.get_geometry()
        origin = window.translate_coords(d.screen().root, 0, 0)
        print(-origin.x, -origin.y, geometry.width, geometry.height)
    elif command == "move":
        x, y, width, height = (int(value) for value in sys.argv[3:7])
        for window in found:
            window.configure(x=x, y=y, width=width, height=height)
        d.sync()
        print(len(found))


if __name__ == "__main__":
    main()
