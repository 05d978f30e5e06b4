#!/bin/sh
# core.sleep — waits `seconds` (parameters arrive on stdin as POSIX-quoted dotenv lines).
seconds=1
eval "$(cat)"
sleep "$seconds"
