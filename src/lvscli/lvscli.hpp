// lvscli: changes keepalived's virtual servers one at a time over its
// JSON-RPC socket (`lvscli keep add|set|del|show`). See man/lvscli.8.
#pragma once

namespace lvs::lvscli {

int lvscli_main(int argc, char **argv);

} // namespace lvs::lvscli
