#!/bin/bash
# Starts mailseq's Roundcube testbed on 127.0.0.1 (see README.md next to this file):
# Dovecot (IMAP + LMTP), a private Postfix instance (SMTP) and Roundcube 1.6 under `php -S`.
#   up.sh           start what is not running; a no-op when the health check already passes
#   up.sh --fresh   also wipe every mailbox, the mail queue and Roundcube's sqlite (see reset.sh)
#   up.sh --check   only say whether it is up (exit 0) or not (exit 1); starts nothing
#   up.sh --packages  only install the Debian packages when missing (make test's setup)
# Idempotent and safe after a crash: each daemon is judged by its own pid file, never by name.
set -euo pipefail
B=${MAILSEQ_TESTBED_DIR:-/tmp/mailseq-testbed}
RC_PORT=${MAILSEQ_TESTBED_RC_PORT:-18765}
IMAP_PORT=${MAILSEQ_TESTBED_IMAP_PORT:-10143}
SMTP_PORT=${MAILSEQ_TESTBED_SMTP_PORT:-10025}
LMTP_PORT=${MAILSEQ_TESTBED_LMTP_PORT:-10024}
URL=http://127.0.0.1:$RC_PORT/
FRESH=0
CHECK=0
PACKAGES_ONLY=0
for a in "$@"; do
  case $a in
    --fresh) FRESH=1 ;;
    --check) CHECK=1 ;;
    --packages) PACKAGES_ONLY=1 ;;
    *) echo "usage: $0 [--fresh|--check|--packages]" >&2; exit 2 ;;
  esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
export DEBIAN_FRONTEND=noninteractive

# ---- helpers ----------------------------------------------------------------------------------
# pid_alive FILE WORD: the pid in FILE runs and its command line mentions WORD (guards pid reuse)
pid_alive() {
  local pid; read -r pid 2>/dev/null < "$1" || return 1  # read trims Postfix's padding
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$2"
}
port_open() { (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  for _ in $(seq 1 100); do port_open "$1" && return 0; sleep 0.1; done
  echo "testbed: nothing listens on 127.0.0.1:$1 ($2); see $B/*/*.log" >&2; return 1
}
dovecot_running() { pid_alive "$B/dovecot/run/master.pid" dovecot; }
postfix_running() { pid_alive "$B/postfix/spool/pid/master.pid" postfix/sbin/master; }
php_running() { pid_alive "$B/rc/php.pid" "php -S 127.0.0.1:$RC_PORT"; }
healthy() {
  local page
  MAILSEQ_TESTBED_IMAP_PORT=$IMAP_PORT MAILSEQ_TESTBED_SMTP_PORT=$SMTP_PORT \
    python3 "$HERE/mailtool.py" health >/dev/null 2>&1 &&
  page=$(curl -fsS --max-time 5 "$URL" 2>/dev/null) && [[ $page == *'id="rcmloginuser"'* ]]
}

if [ $CHECK = 1 ]; then
  # For callers that must know whether they are the ones starting it (make test stops only
  # what it started).
  dovecot_running && postfix_running && php_running && healthy && exit 0
  exit 1
fi
if [ $PACKAGES_ONLY = 0 ] && [ $FRESH = 0 ] && dovecot_running && postfix_running && php_running && healthy; then
  echo "testbed already up: $URL  (alice/alicepw, bob/bobpw @ mail.test; data $B)"; exit 0
fi

# ---- 1. packages (only when missing) ----------------------------------------------------------
if ! dpkg -s roundcube-core roundcube-sqlite3 dovecot-imapd dovecot-lmtpd postfix php-cli >/dev/null 2>&1; then
  # policy-rc.d "exit 101": package scripts must not start system-wide daemons (no systemd here).
  [ -x /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; }
  # dbconfig-common would pick PostgreSQL when psql exists and fail: skip it, we load sqlite ourselves.
  debconf-set-selections <<'EOF' || true
roundcube-core roundcube/dbconfig-install boolean false
roundcube-core roundcube/reconfigure-webserver multiselect
roundcube-core roundcube/restart-webserver boolean false
postfix postfix/main_mailer_type select Local only
postfix postfix/mailname string mail.test
EOF
  apt-get update -qq
  apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends \
    roundcube roundcube-sqlite3 roundcube-plugins dovecot-imapd dovecot-lmtpd postfix php-cli curl
fi
[ $PACKAGES_ONLY = 0 ] || exit 0

# ---- 2. configs (rewritten every time; they only depend on $B and the ports) -----------------
mkdir -p "$B"/dovecot/{run,state,virtual/All} "$B"/mail "$B"/postfix/{etc,spool,data} "$B"/rc/{config,logs,temp}
chown mail:mail "$B/mail"; chown postfix:postfix "$B/postfix/data"

cat > "$B/dovecot/users" <<EOF
alice:{PLAIN}alicepw:8:8::$B/mail/alice::
bob:{PLAIN}bobpw:8:8::$B/mail/bob::
EOF
# Virtual/All = INBOX + Sent, so the user's message and the prospect's reply form one thread.
printf 'INBOX\nSent\n  all\n' > "$B/dovecot/virtual/All/dovecot-virtual"
cat > "$B/dovecot/dovecot.conf" <<EOF
base_dir = $B/dovecot/run
state_dir = $B/dovecot/state
log_path = $B/dovecot/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_username_format = %Ln
first_valid_uid = 8
mail_location = maildir:~/Maildir
mail_plugins = \$mail_plugins virtual
passdb {
  driver = passwd-file
  args = scheme=PLAIN $B/dovecot/users
}
userdb {
  driver = passwd-file
  args = $B/dovecot/users
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \Trash
    auto = subscribe
  }
  mailbox Junk {
    special_use = \Junk
    auto = subscribe
  }
}
namespace virtual {
  prefix = Virtual/
  separator = /
  location = virtual:$B/dovecot/virtual:INDEX=~/virtual
  mailbox All {
    auto = subscribe
    special_use = \All
  }
}
protocol lmtp {
  postmaster_address = postmaster@mail.test
}
EOF

# Postfix: a private instance (-c), SMTP on 127.0.0.1 only; @mail.test goes to Dovecot over LMTP,
# everything else is refused, so nothing can leave the machine.
cat > "$B/postfix/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $B/postfix/spool
data_directory = $B/postfix/data
maillog_file = $B/postfix/postfix.log
maillog_file_prefixes = /var, /dev/stdout, $B
myhostname = mail.test
mydomain = mail.test
myorigin = mail.test
inet_interfaces = loopback-only
inet_protocols = ipv4
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
virtual_mailbox_domains = mail.test
virtual_transport = lmtp:inet:127.0.0.1:$LMTP_PORT
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
default_transport = error:testbed delivers only to mail.test
relay_transport = error:testbed delivers only to mail.test
smtpd_tls_security_level = none
smtp_tls_security_level = none
smtputf8_enable = no
biff = no
EOF
# Debian's master.cf with smtpd moved to 127.0.0.1:$SMTP_PORT and chroot off for every service.
sed -E -e "s/^smtp(\s+)inet(\s+)n(\s+)-(\s+)y/127.0.0.1:$SMTP_PORT inet n - n/" \
       -e 's/^([a-z0-9-]+\s+(unix|inet|unix-dgram|fifo)\s+\S+\s+\S+\s+)y/\1n/' \
       /etc/postfix/master.cf > "$B/postfix/etc/master.cf"

# Roundcube reads its own config dir (ROUNDCUBE_CONFIG_DIR), with a private sqlite database.
ln -sf /etc/roundcube/defaults.inc.php "$B/rc/config/defaults.inc.php"
ln -sf /etc/roundcube/mimetypes.php "$B/rc/config/mimetypes.php"
cat > "$B/rc/config/config.inc.php" <<EOF
<?php
\$config = [];
\$config['db_dsnw'] = 'sqlite:///$B/rc/roundcube.sqlite?mode=0640';
\$config['imap_host'] = '127.0.0.1:$IMAP_PORT';
\$config['smtp_host'] = '127.0.0.1:$SMTP_PORT';
\$config['smtp_user'] = '';                 // no SMTP AUTH: postfix trusts 127.0.0.0/8
\$config['smtp_pass'] = '';
\$config['username_domain'] = 'mail.test';  // login "alice" -> alice@mail.test
\$config['mail_domain'] = 'mail.test';
\$config['des_key'] = 'mailseq-testbed-key!!!!!'; // exactly 24 chars
\$config['plugins'] = [];
\$config['skin'] = 'elastic';
\$config['language'] = 'en_US';
\$config['log_dir'] = '$B/rc/logs/';
\$config['temp_dir'] = '$B/rc/temp/';
\$config['enable_installer'] = false;
\$config['enable_spellcheck'] = false;
\$config['default_list_mode'] = 'threads';  // conversations, as a sales user sees them
\$config['autoexpand_threads'] = 2;
\$config['refresh_interval'] = 15;
\$config['draft_autosave'] = 0;             // no Drafts side effects while tests type
EOF

# A pristine schema is built once and copied: loading the SQL takes 0.2 to 2 s (fsyncs).
new_sqlite() {
  if [ ! -s "$B/rc/initial.sqlite" ]; then
    php -r '$d=new PDO("sqlite:'"$B"'/rc/initial.tmp"); $d->exec(file_get_contents("/usr/share/roundcube/SQL/sqlite.initial.sql"));'
    mv "$B/rc/initial.tmp" "$B/rc/initial.sqlite"
  fi
  cp "$B/rc/initial.sqlite" "$B/rc/roundcube.sqlite.tmp" && mv "$B/rc/roundcube.sqlite.tmp" "$B/rc/roundcube.sqlite"
}

# ---- 3. --fresh: wipe state. Dovecot may keep running: Roundcube and mailtool.py open one IMAP
# session per request and LMTP opens the mailbox per delivery, so no index stays open; `kick`
# ends any straggler (a `dovecot stop` alone costs ~2.7 s).
if [ $FRESH = 1 ]; then
  dovecot_running && doveadm -c "$B/dovecot/dovecot.conf" kick '*' >/dev/null 2>&1 || true
  # postsuper costs ~1.5 s even on an empty queue: only when something is queued
  if [ -n "$(find "$B"/postfix/spool/{maildrop,incoming,active,deferred,hold} -type f 2>/dev/null | head -1)" ]; then
    postsuper -c "$B/postfix/etc" -d ALL >/dev/null 2>&1 || true
  fi
  rm -rf "$B"/mail/* "$B"/rc/temp/* "$B"/rc/logs/*
  new_sqlite
fi
[ -s "$B/rc/roundcube.sqlite" ] || new_sqlite

# ---- 4. start whatever is not running ------------------------------------------------------
if ! dovecot_running; then
  rm -f "$B/dovecot/run/master.pid"        # stale after a crash
  for p in $IMAP_PORT $LMTP_PORT; do ! port_open $p || { echo "testbed: port $p is taken by someone else" >&2; exit 1; }; done
  dovecot -c "$B/dovecot/dovecot.conf" </dev/null >>"$B/dovecot/startup.log" 2>&1  # keeps fd 2: never a pipe
fi
if ! postfix_running; then
  ! port_open $SMTP_PORT || { echo "testbed: port $SMTP_PORT is taken by someone else" >&2; exit 1; }
  if [ ! -e "$B/postfix/.checked" ]; then
    # first start in this spool: the full `postfix start` (creates and checks the queue, ~3 s)
    postfix -c "$B/postfix/etc" set-permissions >/dev/null 2>&1 || true
    postfix -c "$B/postfix/etc" start </dev/null >>"$B/postfix/startup.log" 2>&1
    touch "$B/postfix/.checked"
  else
    # later starts skip postfix-script's checks (~3 s): master -w returns once it serves
    /usr/lib/postfix/sbin/master -c "$B/postfix/etc" -w </dev/null >>"$B/postfix/startup.log" 2>&1
  fi
fi
if ! php_running; then
  ! port_open $RC_PORT || { echo "testbed: port $RC_PORT is taken by someone else" >&2; exit 1; }
  # setsid: php becomes a process-group leader, so down.sh can end it and its workers together.
  ROUNDCUBE_CONFIG_DIR=$B/rc/config PHP_CLI_SERVER_WORKERS=4 \
    setsid php -S 127.0.0.1:$RC_PORT -t /var/lib/roundcube/public_html </dev/null >"$B/rc/php-server.log" 2>&1 &
  echo $! > "$B/rc/php.pid"
fi
wait_port $IMAP_PORT dovecot-imap; wait_port $LMTP_PORT dovecot-lmtp
wait_port $SMTP_PORT postfix; wait_port $RC_PORT roundcube

# ---- 5. health check -----------------------------------------------------------------------
ok=0; for _ in $(seq 1 50); do healthy && { ok=1; break; }; sleep 0.1; done
[ $ok = 1 ] || { echo "testbed: health check failed (IMAP login or Roundcube login page); logs under $B" >&2; exit 1; }
echo "testbed up: $URL  (alice/alicepw, bob/bobpw @ mail.test; IMAP $IMAP_PORT, SMTP $SMTP_PORT; data $B)"
