#!/bin/sh
# core.echo — parameters arrive on stdin as dotenv lines `key='value'`, POSIX-quoted by the
# runner, so `eval` only ever assigns variables.
message=''
eval "$(cat)"
printf '%s\n' "$message"
