# SPDX-License-Identifier: GPL-2.0-only
"""A stand-in for systemd running a Type=notify service (selftests only).

  sd_supervisor.py LOG SOCKET WATCHDOG_USEC RESTART_SEC RESTARTS MAX_SECONDS -- CMD...

Runs CMD with NOTIFY_SOCKET=SOCKET, WATCHDOG_USEC and WATCHDOG_PID (the
main process's own pid, as systemd sets it) and writes one line per event
to LOG: "<monotonic seconds> <event>", where event is each line of each
datagram received (READY=1, WATCHDOG=1, ...), START <pid>, EXIT <code> or
EXIT signal <n>, WATCHDOG-TIMEOUT, RESTART. As systemd.service(5) says:
once READY=1 came, no WATCHDOG=1 for WATCHDOG_USEC kills the process with
SIGABRT (then SIGCONT, so a stopped one dies too); Restart=on-failure
starts it again after RESTART_SEC, at most RESTARTS times; SIGTERM to the
supervisor is passed on (KillSignal=SIGTERM) and ends it. Everything ends
after MAX_SECONDS whatever happens.
"""
import os
import select
import signal
import socket
import subprocess
import sys
import time


def main():
    log_path, sock_path = sys.argv[1], sys.argv[2]
    watchdog_usec, restart_sec = int(sys.argv[3]), float(sys.argv[4])
    restarts, max_seconds = int(sys.argv[5]), float(sys.argv[6])
    cmd = sys.argv[sys.argv.index("--") + 1:]
    log = open(log_path, "a", buffering=1)
    t_end = time.monotonic() + max_seconds

    def event(what):
        log.write("%.3f %s\n" % (time.monotonic(), what))

    if os.path.exists(sock_path):
        os.unlink(sock_path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(sock_path)
    stop = {"asked": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(asked=True))

    env = dict(os.environ, NOTIFY_SOCKET=sock_path, WATCHDOG_USEC=str(watchdog_usec))
    # WATCHDOG_PID is the main process's pid: sh's $$ is the pid CMD gets by exec.
    argv = ["sh", "-c", 'WATCHDOG_PID=$$; export WATCHDOG_PID; exec "$@"', "sh"] + cmd
    while True:
        child = subprocess.Popen(argv, env=env)
        event("START %d" % child.pid)
        ready, last_ping, term_sent = False, None, False
        while child.poll() is None:
            now = time.monotonic()
            if now > t_end:
                child.kill()
                event("MAX-SECONDS")
                break
            if stop["asked"] and not term_sent:
                child.send_signal(signal.SIGTERM)
                term_sent = True
            if ready and not term_sent and now - last_ping > watchdog_usec / 1e6:
                event("WATCHDOG-TIMEOUT")
                child.send_signal(signal.SIGABRT)
                child.send_signal(signal.SIGCONT)
                term_sent = True
            r, _, _ = select.select([sock], [], [], 0.02)
            if r:
                msg = sock.recv(4096).decode(errors="replace")
                for line in msg.splitlines():
                    event(line)
                    if line == "READY=1":
                        ready, last_ping = True, time.monotonic()
                    elif line == "WATCHDOG=1":
                        last_ping = time.monotonic()
        rc = child.wait()
        while select.select([sock], [], [], 0)[0]:
            for line in sock.recv(4096).decode(errors="replace").splitlines():
                event(line)
        event("EXIT %d" % rc if rc >= 0 else "EXIT signal %d" % -rc)
        if rc == 0 or stop["asked"] or restarts <= 0 or time.monotonic() > t_end:
            break
        restarts -= 1
        time.sleep(restart_sec)
        event("RESTART")
    sock.close()
    os.unlink(sock_path)


if __name__ == "__main__":
    main()
