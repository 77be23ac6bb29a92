# Lab self-test: a guest script's exit status comes back to the host.
echo "guest reporting status 7"
exit 7
