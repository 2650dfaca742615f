#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <ostream>

namespace {

// A test case skipped by its decorator (doctest::skip(true): what it needs is not on this
// machine) is named, with its description saying why, so a run never passes quietly over
// it (even when a filter, -tc or -ts, leaves it out as well). Test cases left out only by a
// filter are not named.
class SkipNotes : public doctest::IReporter {
  public:
    explicit SkipNotes(const doctest::ContextOptions& options) : out_(*options.cout) {}
    void test_case_skipped(const doctest::TestCaseData& t) override {
        if (!t.m_skip) return;
        out_ << "[doctest] skipped: " << t.m_name;
        if (t.m_description) out_ << " — " << t.m_description;
        out_ << '\n';
    }
    void report_query(const doctest::QueryData&) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats&) override {}
    void test_case_start(const doctest::TestCaseData&) override {}
    void test_case_reenter(const doctest::TestCaseData&) override {}
    void test_case_end(const doctest::CurrentTestCaseStats&) override {}
    void test_case_exception(const doctest::TestCaseException&) override {}
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData&) override {}
    void log_message(const doctest::MessageData&) override {}

  private:
    std::ostream& out_;
};

REGISTER_LISTENER("skip-notes", 1, SkipNotes);

}  // namespace
