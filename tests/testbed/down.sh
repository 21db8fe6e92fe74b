#!/bin/bash
# Stops the testbed started by up.sh: only the daemons named in its own pid files, through their
# control commands; never by process name. Data stays (use reset.sh / up.sh --fresh to wipe).
set -uo pipefail
B=${MAILSEQ_TESTBED_DIR:-/tmp/mailseq-testbed}
RC_PORT=${MAILSEQ_TESTBED_RC_PORT:-18765}

pid_alive() {
  local pid; read -r pid 2>/dev/null < "$1" || return 1  # read trims Postfix's padding
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$2"
}
wait_gone() { for _ in $(seq 1 50); do pid_alive "$1" "$2" || return 0; sleep 0.1; done; return 1; }

# php -S was started under setsid: its pid is its process group, which also holds its workers.
if pid_alive "$B/rc/php.pid" "php -S 127.0.0.1:$RC_PORT"; then
  kill -- -"$(cat "$B/rc/php.pid")" 2>/dev/null
  wait_gone "$B/rc/php.pid" "php -S" || kill -KILL -- -"$(cat "$B/rc/php.pid")" 2>/dev/null
fi
rm -f "$B/rc/php.pid"

if pid_alive "$B/postfix/spool/pid/master.pid" postfix/sbin/master; then
  postfix -c "$B/postfix/etc" stop >/dev/null 2>&1
fi

if pid_alive "$B/dovecot/run/master.pid" dovecot; then
  dovecot -c "$B/dovecot/dovecot.conf" stop
  wait_gone "$B/dovecot/run/master.pid" dovecot
fi
echo "testbed down ($B kept)"
