// -R: 1.31's semantics, sent in batches. Each input line is one
// invocation; the table changes of consecutive lines go to the kernel in
// one Client::execute, and what each line would have printed is printed
// in line order.
#pragma once

#include "ipvsadm/run.hpp"

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace lvs::ipvsadm {

// Splits input into lines of words as 1.31's config_stream_read: words
// are separated by spaces, tabs and CRs, a word "ipvsadm" is dropped, and
// a last line that ends in two or more blanks without a newline is lost.
class LineReader {
public:
	explicit LineReader(std::FILE *in) : in_(in) {}
	// The words of the next line (possibly none); nullopt at the end.
	std::optional<std::vector<std::string>> next();

private:
	std::FILE *in_;
};

// Runs every line of in; the status of the last line, as 1.31 (0 or -1).
// Throws Exit where 1.31 exits, after the lines before have been sent and
// their output printed.
int restore(Context &ctx, std::FILE *in);

} // namespace lvs::ipvsadm
