#!/bin/sh
# core.shell — runs `cmd`. The command arrives on stdin (POSIX-quoted dotenv) and is evaluated
# here, so it never appears on a command line where `ps` could show it. The shell runner starts
# this file with bash when it is installed, else with /bin/sh (core/runners/interpreters.ts), so
# `cmd` may use bash syntax; the line above only serves running the file by hand.
cmd=''
eval "$(cat)"
eval "$cmd"
