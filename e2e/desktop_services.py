#!/usr/bin/python3
"""Stand-ins for two desktop services, for the tests of time away (e2e/away.test.mjs).

  desktop_services.py logind ADDRESS
      own org.freedesktop.login1 on the bus at ADDRESS (a private "system" bus the test starts);
      answer GetSessionByPID with /org/freedesktop/login1/session/test; read lines on stdin and
      emit: "sleep" -> PrepareForSleep(true), "wake" -> PrepareForSleep(false), "lock" /
      "unlock" -> the session's Lock / Unlock
  desktop_services.py notifications FILE
      own org.freedesktop.Notifications on the session bus; append each Notify call to FILE as
      a JSON line {"id", "summary", "body", "actions"}; read "invoke ID ACTION" on stdin and
      emit ActionInvoked(ID, ACTION)

Both print "ready" once they own their name. Uses Debian's python3-gi (GDBus)."""

import json
import sys

from gi.repository import Gio, GLib

SESSION = "/org/freedesktop/login1/session/test"

LOGIND_XML = """
<node>
 <interface name="org.freedesktop.login1.Manager">
  <method name="GetSessionByPID"><arg type="u" direction="in"/><arg type="o" direction="out"/></method>
  <signal name="PrepareForSleep"><arg type="b"/></signal>
 </interface>
 <interface name="org.freedesktop.login1.Session">
  <signal name="Lock"/><signal name="Unlock"/>
 </interface>
</node>"""

NOTIFICATIONS_XML = """
<node><interface name="org.freedesktop.Notifications">
  <method name="Notify">
    <arg type="s" direction="in"/><arg type="u" direction="in"/><arg type="s" direction="in"/>
    <arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="as" direction="in"/>
    <arg type="a{sv}" direction="in"/><arg type="i" direction="in"/><arg type="u" direction="out"/>
  </method>
  <method name="CloseNotification"><arg type="u" direction="in"/></method>
  <method name="GetCapabilities"><arg type="as" direction="out"/></method>
  <method name="GetServerInformation">
    <arg type="s" direction="out"/><arg type="s" direction="out"/><arg type="s" direction="out"/><arg type="s" direction="out"/>
  </method>
  <signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
  <signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
</interface></node>"""


def on_stdin(handle):
    """Calls handle(words) for each line typed on stdin, from the main loop."""
    channel = GLib.IOChannel.unix_new(sys.stdin.fileno())

    def ready(source, condition):
        line = sys.stdin.readline()
        if not line:
            GLib.MainLoop().quit()
            sys.exit(0)
        words = line.split()
        if words:
            handle(words)
        return True

    GLib.io_add_watch(channel, GLib.PRIORITY_DEFAULT, GLib.IOCondition.IN | GLib.IOCondition.HUP, ready)


def own(bus, name):
    Gio.bus_own_name_on_connection(bus, name, Gio.BusNameOwnerFlags.NONE,
                                   lambda *_: print("ready", flush=True), None)


def logind(address):
    bus = Gio.DBusConnection.new_for_address_sync(
        address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
    nodes = Gio.DBusNodeInfo.new_for_xml(LOGIND_XML)

    def on_call(conn, sender, obj, iface, method, params, invocation):
        invocation.return_value(GLib.Variant("(o)", (SESSION,)))

    bus.register_object("/org/freedesktop/login1", nodes.interfaces[0], on_call, None, None)
    bus.register_object(SESSION, nodes.interfaces[1], None, None, None)

    def emit(words):
        signals = {
            "sleep": ("/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep", GLib.Variant("(b)", (True,))),
            "wake": ("/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep", GLib.Variant("(b)", (False,))),
            "lock": (SESSION, "org.freedesktop.login1.Session", "Lock", None),
            "unlock": (SESSION, "org.freedesktop.login1.Session", "Unlock", None),
        }
        path, iface, name, args = signals[words[0]]
        bus.emit_signal(None, path, iface, name, args)
        bus.flush_sync(None)
        print("emitted", words[0], flush=True)

    on_stdin(emit)
    own(bus, "org.freedesktop.login1")
    GLib.MainLoop().run()


def notifications(path):
    bus = Gio.bus_get_sync(Gio.BusType.SESSION)
    info = Gio.DBusNodeInfo.new_for_xml(NOTIFICATIONS_XML).interfaces[0]
    counter = [0]

    def on_call(conn, sender, obj, iface, method, params, invocation):
        if method == "Notify":
            app, replaces, icon, summary, body, actions, hints, timeout = params.unpack()
            counter[0] += 1
            with open(path, "a") as f:
                f.write(json.dumps({"id": counter[0], "app": app, "summary": summary, "body": body,
                                    "actions": dict(zip(actions[::2], actions[1::2]))}) + "\n")
            invocation.return_value(GLib.Variant("(u)", (counter[0],)))
        elif method == "GetCapabilities":
            invocation.return_value(GLib.Variant("(as)", (["actions", "body"],)))
        elif method == "GetServerInformation":
            invocation.return_value(GLib.Variant("(ssss)", ("stand-in", "stint tests", "1", "1.2")))
        else:
            invocation.return_value(None)

    bus.register_object("/org/freedesktop/Notifications", info, on_call, None, None)

    def invoke(words):
        if words[0] == "invoke":
            bus.emit_signal(None, "/org/freedesktop/Notifications", "org.freedesktop.Notifications",
                            "ActionInvoked", GLib.Variant("(us)", (int(words[1]), words[2])))
            bus.flush_sync(None)
            print("invoked", words[1], words[2], flush=True)

    on_stdin(invoke)
    own(bus, "org.freedesktop.Notifications")
    GLib.MainLoop().run()


if __name__ == "__main__":
    {"logind": logind, "notifications": notifications}[sys.argv[1]](sys.argv[2])
