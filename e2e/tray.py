#!/usr/bin/python3
"""A stand-in desktop tray for tests, on the session D-Bus.

  tray.py watch FILE          own org.kde.StatusNotifierWatcher; write each registered item
                              ("bus-name object-path") to FILE; run until killed
  tray.py menu FILE           print the registered item's menu as JSON: [{"id", "label",
                              "enabled", "children"}]
  tray.py click FILE LABEL    send dbusmenu's "clicked" event to the first item whose label
                              starts with LABEL (submenus included)
  tray.py show FILE PNG       open the registered item's menu as a tray host does (GTK through
                              libdbusmenu-gtk3, from the app's exported menu) and save a
                              screenshot of it to PNG

Uses Debian's python3-gi (GDBus), so it runs with /usr/bin/python3."""

import json
import sys
import time

from gi.repository import Gio, GLib

WATCHER_XML = """
<node><interface name="org.kde.StatusNotifierWatcher">
  <method name="RegisterStatusNotifierItem"><arg type="s" direction="in"/></method>
  <method name="RegisterStatusNotifierHost"><arg type="s" direction="in"/></method>
  <property name="RegisteredStatusNotifierItems" type="as" access="read"/>
  <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
  <property name="ProtocolVersion" type="i" access="read"/>
  <signal name="StatusNotifierItemRegistered"><arg type="s"/></signal>
</interface></node>"""


def watch(path):
    items = []
    bus = Gio.bus_get_sync(Gio.BusType.SESSION)

    def on_call(conn, sender, obj, iface, method, params, invocation):
        if method == "RegisterStatusNotifierItem":
            service = params.unpack()[0]
            # Items register either a bus name or an object path on their own connection.
            name, objpath = (sender, service) if service.startswith("/") else (service, "/StatusNotifierItem")
            items.append(f"{name}{objpath}")
            with open(path, "a") as f:
                f.write(f"{name} {objpath}\n")
            conn.emit_signal(None, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher",
                             "StatusNotifierItemRegistered", GLib.Variant("(s)", (items[-1],)))
        invocation.return_value(None)

    def on_get(conn, sender, obj, iface, prop):
        return {
            "RegisteredStatusNotifierItems": GLib.Variant("as", items),
            "IsStatusNotifierHostRegistered": GLib.Variant("b", True),
            "ProtocolVersion": GLib.Variant("i", 0),
        }[prop]

    info = Gio.DBusNodeInfo.new_for_xml(WATCHER_XML).interfaces[0]
    bus.register_object("/StatusNotifierWatcher", info, on_call, on_get, None)
    Gio.bus_own_name_on_connection(bus, "org.kde.StatusNotifierWatcher", Gio.BusNameOwnerFlags.NONE, None, None)
    print("watching", flush=True)
    GLib.MainLoop().run()


def item(path):
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            lines = [l.split() for l in open(path) if l.strip()]
            if lines:
                return lines[-1]
        except FileNotFoundError:
            pass
        time.sleep(0.1)
    sys.exit("no tray item registered")


def call(bus, name, objpath, iface, method, args, reply):
    return bus.call_sync(name, objpath, iface, method, args, GLib.VariantType(reply),
                         Gio.DBusCallFlags.NONE, 5000, None).unpack()


def menu(path):
    bus = Gio.bus_get_sync(Gio.BusType.SESSION)
    name, objpath = item(path)
    menu_path = call(bus, name, objpath, "org.freedesktop.DBus.Properties", "Get",
                     GLib.Variant("(ss)", ("org.kde.StatusNotifierItem", "Menu")), "(v)")[0]
    _, layout = call(bus, name, menu_path, "com.canonical.dbusmenu", "GetLayout",
                     GLib.Variant("(iias)", (0, -1, [])), "(u(ia{sv}av))")

    def node(entry):
        ident, props, children = entry
        return {"id": ident, "label": props.get("label", "").replace("_", ""),
                "enabled": props.get("enabled", True), "type": props.get("type", "standard"),
                "children": [node(c) for c in children]}

    return bus, name, menu_path, [node(c) for c in layout[2]]


def flatten(items):
    for i in items:
        yield i
        yield from flatten(i["children"])


def show(path, png):
    import gi
    gi.require_version("Gtk", "3.0")
    gi.require_version("Gdk", "3.0")
    gi.require_version("DbusmenuGtk3", "0.4")
    from gi.repository import DbusmenuGtk3, Gdk, Gtk

    bus = Gio.bus_get_sync(Gio.BusType.SESSION)
    name, objpath = item(path)
    menu_path = call(bus, name, objpath, "org.freedesktop.DBus.Properties", "Get",
                     GLib.Variant("(ss)", ("org.kde.StatusNotifierItem", "Menu")), "(v)")[0]
    menu = DbusmenuGtk3.Menu.new(name, menu_path)

    def shot():
        root = Gdk.get_default_root_window()
        alloc = menu.get_toplevel().get_window()
        x, y = alloc.get_origin()[1:]
        width, height = alloc.get_width(), alloc.get_height()
        Gdk.pixbuf_get_from_window(root, max(0, x - 20), max(0, y - 20), width + 40, height + 40).savev(png, "png", [], [])
        Gtk.main_quit()
        return False

    def pop():
        # Wait until the layout has arrived over D-Bus, as a tray host's menu would.
        if not menu.get_children():
            return True
        menu.show_all()
        menu.popup(None, None, lambda *_: (40, 40, True), None, 0, Gtk.get_current_event_time())
        GLib.timeout_add(800, shot)
        return False

    GLib.timeout_add(100, pop)
    GLib.timeout_add(10_000, lambda: sys.exit("the menu never arrived"))
    Gtk.main()


def main():
    command, path = sys.argv[1], sys.argv[2]
    if command == "watch":
        watch(path)
    elif command == "menu":
        print(json.dumps(menu(path)[3]))
    elif command == "show":
        show(path, sys.argv[3])
    elif command == "click":
        # The app rebuilds its menu when the data changes; an item id read just before a
        # rebuild is gone after it, so the layout is read again and the click sent again, as a
        # person would click the item in the menu now shown.
        for attempt in range(5):
            bus, name, menu_path, items = menu(path)
            target = next((i for i in flatten(items) if i["label"].startswith(sys.argv[3])), None)
            if target is None:
                sys.exit(f"no menu item starting with {sys.argv[3]!r}: {[i['label'] for i in flatten(items)]}")
            # When the click was sent, for timings that should not count this script's start-up.
            print(f"clicked at {time.time():.6f}", file=sys.stderr)
            try:
                bus.call_sync(name, menu_path, "com.canonical.dbusmenu", "Event",
                              GLib.Variant("(isvu)", (target["id"], "clicked", GLib.Variant("i", 0), int(time.time()))),
                              None, Gio.DBusCallFlags.NONE, 5000, None)
            except GLib.Error as err:
                if "does not refer to a menu item" in err.message and attempt < 4:
                    time.sleep(0.2)
                    continue
                raise
            print(target["label"])
            break


if __name__ == "__main__":
    main()
