#include "keepalived/vrrp_child.hpp"

#include "core/vrrp/daemon.hpp"

namespace lvs::keepalived {

int vrrp_child(const config::Config &cfg, const VrrpChildOptions &opts)
{
	return vrrp::run(cfg, {.release_vips = !opts.keep_vips, .log_console = opts.log_console});
}

} // namespace lvs::keepalived
