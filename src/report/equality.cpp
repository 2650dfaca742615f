#include <algorithm>
#include <iterator>
#include <map>

#include <fmt/format.h>

#include "vfi/format/validate.hpp"
#include "vfi/model/records.hpp"
#include "vfi/report/builders.hpp"
#include "vfi/report/disclosure.hpp"

namespace vfi {

namespace {

// What the report counts of one partner: the key of their figures' adjustments.
std::string population_line(const Partner& p) {
    if (!p.equality) return p.id + " not-consented";
    std::string line = p.id + " consented";
    for (const auto& q : equality_questions)
        line += fmt::format(" {}={}", q.key, *p.equality.*q.answer);
    return line;
}

// The share of partners in deciles 1 and 2, worked out from the published decile figures
// only, so that it tells nothing they do not; withheld when any of them is hidden.
std::string core20_paragraph(const std::vector<std::string>& shown, bool controlled) {
    long core20 = 0, recorded = 0;
    for (std::size_t i = 0; i < shown.size(); ++i) {
        auto n = published_number(shown[i]);
        if (!n)
            return "The share from the most deprived 20% of areas (Core20, deciles 1 and 2) is "
                   "withheld: it is worked out from the figures above, and some are too small to "
                   "publish.";
        recorded += *n;
        if (i < 2) core20 += *n;
    }
    if (recorded == 0)
        return controlled ? "The share from the most deprived 20% of areas (Core20, deciles 1 "
                            "and 2) cannot be worked out: every figure above is 0."
                          : "No partner's deprivation decile is recorded.";
    return fmt::format("From the most deprived 20% of areas (Core20, deciles 1 and 2): {}%{}.",
                       (core20 * 100 + recorded / 2) / recorded,
                       controlled ? " (worked out from the published figures above)" : "");
}

}  // namespace

namespace {

struct Question {
    const char* key;
    const char* title;
    std::string EqualityAnswers::*answer;
};
const Question questions[] = {
    {"age_band", "Age", &EqualityAnswers::age_band},
    {"ethnicity", "Ethnic group (Census 2021)", &EqualityAnswers::ethnicity},
    {"gender", "Gender", &EqualityAnswers::gender},
    {"disability", "Disability", &EqualityAnswers::disability},
    {"carer", "Unpaid care, hours a week", &EqualityAnswers::carer}};

}  // namespace

void EqualityFigures::add(const EqualityFigures& r, const std::string& region) {
    for (const auto& line : r.population)
        population.push_back(region + ":" + line);
    consented += r.consented, declined += r.declined;
    answers.resize(std::max(answers.size(), r.answers.size()));
    words.resize(std::max(words.size(), r.words.size()));
    unanswered.resize(std::max(unanswered.size(), r.unanswered.size()));
    for (std::size_t q = 0; q < r.answers.size(); ++q) {
        for (const auto& [v, n] : r.answers[q])
            answers[q][v] += n;
        for (const auto& w : r.words[q])
            if (std::find(words[q].begin(), words[q].end(), w) == words[q].end())
                words[q].push_back(w);
        unanswered[q] += r.unanswered[q];
    }
    for (const auto& [d, n] : r.deciles)
        deciles[d] += n;
}

EqualityFigures equality_figures(const Settings& settings, const std::vector<Partner>& partners,
                                 const ReportScope& scope) {
    EqualityFigures f;
    // Only partners who agreed their answers may be counted (never a paid contributor who is
    // not a partner). Partners in the programme at some time in the period, by their history:
    // begun (from enquiry) by its end, and not left before it began.
    std::vector<const EqualityAnswers*> counted_in;
    for (const auto& p : partners) {
        if (p.contributor || !p.history.during(scope.from, scope.to)) continue;
        if (p.equality)
            counted_in.push_back(&*p.equality);
        else
            ++f.declined;
        f.population.push_back(population_line(p));
    }
    f.consented = static_cast<long>(counted_in.size());
    for (const auto& q : questions) {
        f.words.push_back(*settings.vocabularies.find(q.key));
        f.answers.emplace_back();
        f.unanswered.push_back(0);
        for (const EqualityAnswers* e : counted_in) {
            const std::string& v = e->*q.answer;
            if (v.empty())
                ++f.unanswered.back();
            else
                ++f.answers.back()[v];
        }
    }
    for (const EqualityAnswers* e : counted_in)
        if (auto n = parse_integer(e->imd_decile)) ++f.deciles[*n];
    return f;
}

void add_equality(Report& r, const EqualityFigures& f, const Disclosure& disclosure) {
    std::string note = disclosure.note();
    // Every figure is keyed on everyone in the period, so that no table stays as it was when
    // someone joins or leaves, whether or not they consented.
    PublishedCounts counts = disclosure.counts("equality", f.population);
    ReportSection intro{"Who is counted", {}, {}, {}};
    intro.paragraphs.push_back(fmt::format(
        "Lived Experience Partners in the programme during the period who consented to their "
        "equality monitoring answers being counted: {}. Partners who did not consent are not "
        "counted: {}. Answers are for monitoring only and are never used to match.",
        counts.count("Who is counted", "consented", "partners", f.consented),
        counts.count("Who is counted", "did not consent", "partners", f.declined)));
    if (disclosure.controlled()) intro.paragraphs.push_back(note);
    r.sections.push_back(std::move(intro));

    ReportSection s{"Partners by equality monitoring answer", {}, {}, {}};
    for (std::size_t q = 0; q < std::size(questions); ++q) {
        const char* title = questions[q].title;
        auto n = [&](const std::string& v) {
            auto it = f.answers[q].find(v);
            return it == f.answers[q].end() ? 0L : it->second;
        };
        Table t;
        t.add_column("answer");
        t.add_column("partners", ColumnType::number);
        for (const auto& v : f.words[q])
            t.add_row({v, counts.count(title, v, "partners", n(v))});
        t.add_row(
            {"not answered", counts.count(title, "not answered", "partners", f.unanswered[q])});
        s.tables.push_back({title, t, note});
    }
    r.sections.push_back(std::move(s));

    ReportSection d{"Deprivation", {}, {}, {}};
    const std::string title = "Partners by Index of Multiple Deprivation decile";
    Table t;
    t.add_column("IMD decile (1 = most deprived)");
    t.add_column("partners", ColumnType::number);
    std::vector<std::string> shown;
    for (long decile = 1; decile <= 10; ++decile) {
        auto it = f.deciles.find(decile);
        shown.push_back(counts.count(title, std::to_string(decile), "partners",
                                     it == f.deciles.end() ? 0 : it->second));
        t.add_row({std::to_string(decile), shown.back()});
    }
    d.tables.push_back({title, t, note});
    d.paragraphs.push_back(core20_paragraph(shown, disclosure.controlled()));
    r.sections.push_back(std::move(d));
}

Report build_equality(const RecordStore& store, const Programme& programme,
                      const ReportScope& scope, const Disclosure& disclosure) {
    Report r = new_report("equality", "Equality Report", store, scope);
    add_equality(r, equality_figures(store.settings(), programme.partners, scope), disclosure);
    return r;
}

}  // namespace vfi
