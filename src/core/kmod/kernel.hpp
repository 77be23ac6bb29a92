// The running kernel's modules: what is loaded, and loading or unloading
// one by file or name.
//
// These are the kernel's own syscalls (finit_module, delete_module), not
// modprobe and rmmod: lvsbox is one static binary that must work where
// kmod is missing or is busybox's (the lab guest has only busybox, whose
// modprobe ignores soft dependencies), the errno of each call says exactly
// what failed (in use, bad format, refused by the module's init), and
// modprobe -r would also unload dependencies other users still want
// (nf_conntrack). modules.dep, which depmod writes, still says where a
// module and its dependencies are; parameters come from the caller, not
// from /etc/modprobe.d.
#pragma once

#include "core/kmod/modules.hpp"

#include <string>
#include <vector>

namespace lvs::kmod {

// /proc/modules now; empty when the kernel has no loadable modules.
std::vector<Loaded> loaded_modules();

// Loads the module in `file` with `params` ("name=value ..."). A module
// that is already loaded is not an error. Throws lvs::Error.
void load(const std::string &file, const std::string &params);

// Unloads the module `name`, without waiting for its users. A module that
// is not loaded is not an error. Throws lvs::Error (e.g. "in use").
void unload(const std::string &name);

} // namespace lvs::kmod
