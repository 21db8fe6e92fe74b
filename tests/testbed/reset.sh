#!/bin/bash
# Wipes every mailbox, the mail queue and Roundcube's sqlite (users, identities, sessions,
# preferences), then makes sure the testbed is up. Each E2E run starts from here.
exec "$(dirname "$0")/up.sh" --fresh
