// lvsbox: one binary, four tools. See app/dispatch.hpp.
#include "app/dispatch.hpp"

#ifdef LVSBOX_STATIC_NSS
#include <nss.h>

// A static binary cannot safely load glibc's NSS modules (libnss_systemd
// and friends, named in /etc/nsswitch.conf): they crash it. The "files"
// and "dns" sources are built into glibc itself, so pin every database
// lvsbox reads to those. Users and groups then come from /etc/passwd and
// /etc/group, as on the load balancers this runs on.
static void pin_nss_sources()
{
	__nss_configure_lookup("passwd", "files");
	__nss_configure_lookup("group", "files");
	__nss_configure_lookup("hosts", "files dns");
	__nss_configure_lookup("services", "files");
	__nss_configure_lookup("protocols", "files");
}
#endif

int main(int argc, char **argv)
{
#ifdef LVSBOX_STATIC_NSS
	pin_nss_sources();
#endif
	return lvs::app::dispatch(argc, argv);
}
