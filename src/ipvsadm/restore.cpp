#include "ipvsadm/restore.hpp"

#include "ipvsadm/parse.hpp"

#include <unistd.h>

namespace lvs::ipvsadm {

namespace {

// Lines per Client::execute; the client itself windows what it sends.
constexpr size_t kBatch = 4096;

bool blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

// Table changes waiting to be sent, and popt's complaints about lines in
// between, kept in line order so that output comes out as 1.31's would.
class Batch {
public:
	explicit Batch(Context &ctx) : ctx_(ctx) {}

	void add(ipvs::Op op) { lines_.push_back(Line{std::move(op), {}}); }
	void add_error(std::string text) { lines_.push_back(Line{std::nullopt, std::move(text)}); }
	size_t size() const { return lines_.size(); }

	// Sends the changes, then prints each line's outcome in turn. Returns
	// the status of the last line, or `status` when there was none.
	int flush(int status);

private:
	struct Line {
		std::optional<ipvs::Op> op;
		std::string error; // popt's message, when op is empty
	};
	Context &ctx_;
	std::vector<Line> lines_;
};

int Batch::flush(int status)
{
	std::vector<ipvs::Op> ops;
	for (const Line &l : lines_)
		if (l.op)
			ops.push_back(*l.op);
	std::vector<int> results = ops.empty() ? std::vector<int>{} : ctx_.client.execute(ops);
	size_t k = 0;
	for (const Line &l : lines_) {
		if (!l.op) {
			std::fputs(l.error.c_str(), stderr);
			status = -1;
			continue;
		}
		int err = results.at(k++);
		if (err)
			report(ipvs::cmd_of(*l.op), err);
		status = err ? -1 : 0;
	}
	lines_.clear();
	return status;
}

} // namespace

std::optional<std::vector<std::string>> LineReader::next()
{
	std::vector<std::string> words;
	for (;;) {
		int c = std::getc(in_);
		if (c == EOF)
			return words.empty() ? std::nullopt : std::optional(words);
		if (c == '\n')
			return words;
		if (blank(c)) {
			// 1.31 skips blanks up to the next word or newline, and
			// gives up on the whole line if the input ends first.
			while (blank(c = std::getc(in_)))
				;
			if (c == EOF)
				return std::nullopt;
			if (c == '\n')
				return words;
		}
		std::string word(1, static_cast<char>(c));
		while ((c = std::getc(in_)) != EOF && c != '\n' && !blank(c))
			word += static_cast<char>(c);
		if (word != "ipvsadm")
			words.push_back(std::move(word));
		if (c == '\n')
			return words;
		if (c == EOF)
			return words.empty() ? std::nullopt : std::optional(words);
	}
}

int restore(Context &ctx, std::FILE *in)
{
	ctx.reading_stdin = true;
	// At a terminal each line is answered before the next is typed.
	bool interactive = isatty(fileno(in));
	LineReader reader(in);
	Batch batch(ctx);
	int status = 0;
	while (auto words = reader.next()) {
		// Extension: 1.31 refuses "#" lines ("Try ...", exit 255), which is
		// why ipvsadm-restore strips them first; we skip them.
		if (words->empty() || words->front()[0] == '#')
			continue;
		std::vector<std::string> argv{ctx.program};
		argv.insert(argv.end(), words->begin(), words->end());
		Parsed p;
		try {
			p = parse(argv);
		} catch (const Exit &) {
			batch.flush(status);
			throw;
		}
		std::optional<ipvs::Op> op = p.command ? to_op(*p.command) : std::nullopt;
		if (!p.command) {
			batch.add_error(p.error);
		} else if (op) {
			batch.add(std::move(*op));
		} else {
			// Lists, saves and -R see the table the lines before left.
			status = batch.flush(status);
			status = run(*p.command, ctx);
			continue;
		}
		if (interactive || batch.size() >= kBatch)
			status = batch.flush(status);
	}
	return batch.flush(status);
}

} // namespace lvs::ipvsadm
