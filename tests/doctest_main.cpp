// The test binaries' main: doctest's, except that a run whose filters match
// no test case fails. ctest runs parts of host_tests by suite (root,
// no_ipvs); a suite renamed or a filter mistyped would otherwise pass
// having tested nothing.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>

namespace {

unsigned matched;

// A listener sees every run; it keeps the number of test cases the
// filters let through.
struct MatchCounter : doctest::IReporter {
	explicit MatchCounter(const doctest::ContextOptions &) {}
	void report_query(const doctest::QueryData &) override {}
	void test_run_start() override {}
	void test_run_end(const doctest::TestRunStats &stats) override { matched = stats.numTestCasesPassingFilters; }
	void test_case_start(const doctest::TestCaseData &) override {}
	void test_case_reenter(const doctest::TestCaseData &) override {}
	void test_case_end(const doctest::CurrentTestCaseStats &) override {}
	void test_case_exception(const doctest::TestCaseException &) override {}
	void subcase_start(const doctest::SubcaseSignature &) override {}
	void subcase_end() override {}
	void log_assert(const doctest::AssertData &) override {}
	void log_message(const doctest::MessageData &) override {}
	void test_case_skipped(const doctest::TestCaseData &) override {}
};

} // namespace

DOCTEST_REGISTER_LISTENER("match_counter", 0, MatchCounter);

int main(int argc, char **argv)
{
	doctest::Context context(argc, argv);
	int rc = context.run();
	if (context.shouldExit() || rc != 0) // --help, --count, --list-*; or failed
		return rc;
	if (matched == 0) {
		std::fprintf(stderr, "no test case matches the filters\n");
		return 1;
	}
	return 0;
}
