// libFuzzer target: keepalived.conf text through the whole load path that
// `keepalived -t` takes (lexer, includes, parameters, parser, validation).
//
// Includes stay inside the directory the fuzzer starts in (run.sh fills it
// with a copy of tests/keepalived/, so the corpus' own includes resolve):
// the lexer names files only through glob(), and this target's glob()
// drops every match outside that directory. Without it an input could
// include the host's files, /proc/kcore among them, and hang the run.
#include "core/config/load.hpp"

#include <cstdint>
#include <cstdlib>
#include <dlfcn.h>
#include <glob.h>
#include <string>
#include <string_view>
#include <unistd.h>

namespace {

std::string g_root; // the starting directory, as realpath() gives it, with a '/'

bool inside_root(const char *path)
{
	char *real = realpath(path, nullptr);
	bool inside = real && std::string_view(real).starts_with(g_root);
	std::free(real);
	return inside;
}

} // namespace

// Overrides libc's (and the sanitizer's weak interceptor); keeps the
// matches under g_root, in their order.
extern "C" int glob(const char *pattern, int flags, int (*errfunc)(const char *, int), glob_t *g)
{
	using Glob = int (*)(const char *, int, int (*)(const char *, int), glob_t *);
	static const Glob libc_glob = reinterpret_cast<Glob>(dlsym(RTLD_NEXT, "glob"));
	int res = libc_glob(pattern, flags, errfunc, g);
	if (res != 0)
		return res;
	char **paths = g->gl_pathv + g->gl_offs;
	size_t kept = 0;
	for (size_t i = 0; i < g->gl_pathc; i++) {
		if (inside_root(paths[i]))
			paths[kept++] = paths[i];
		else
			std::free(paths[i]); // glob's own allocation, as globfree() would
	}
	paths[kept] = nullptr;
	g->gl_pathc = kept;
	return kept ? 0 : GLOB_NOMATCH;
}

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
	char *cwd = getcwd(nullptr, 0);
	char *real = realpath(cwd, nullptr);
	g_root = std::string(real) + "/";
	std::free(real);
	std::free(cwd);
	return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lvs::config::load_text(std::string_view(reinterpret_cast<const char *>(data), size), "fuzz.conf");
	return 0;
}
