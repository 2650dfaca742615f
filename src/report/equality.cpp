#include <map>

#include <fmt/format.h>

#include "vfi/format/validate.hpp"
#include "vfi/model/records.hpp"
#include "vfi/report/builders.hpp"
#include "vfi/report/disclosure.hpp"

namespace vfi {

namespace {

// What the report counts of one partner: the key of their figures' adjustments.
std::string population_line(const Record& p, bool consented) {
    std::string line = p.id + (consented ? " consented" : " not-consented");
    if (consented)
        for (const char* key :
             {"age_band", "ethnicity", "gender", "disability", "carer", "imd_decile"})
            line += fmt::format(" {}={}", key, field_text(p.doc, std::string("equality.") + key));
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

Report build_equality(const RecordStore& store, const ReportScope& scope,
                      const Disclosure& disclosure) {
    Report r = new_report("equality", "Equality Report", store, scope);
    std::string note = disclosure.note();

    // Only partners who agreed their answers may be counted (never a paid contributor who is not
    // a partner). Partners in the programme at
    // some time in the period, by their history: begun (from enquiry) by its end, and not
    // left before it began.
    std::vector<const Record*> counted_in;
    std::vector<std::string> population;
    long declined = 0;
    for (const auto& p : store.records(Kind::partner)) {
        Partner typed = to_partner(p);
        if (typed.contributor || !typed.history.during(scope.from, scope.to)) continue;
        bool consented = parse_boolean(field_text(p.doc, "consent.equality")).value_or(false);
        if (consented)
            counted_in.push_back(&p);
        else
            ++declined;
        population.push_back(population_line(p, consented));
    }
    // Every figure is keyed on everyone in the period, so that no table stays as it was when
    // someone joins or leaves, whether or not they consented.
    PublishedCounts counts = disclosure.counts("equality", population);
    ReportSection intro{"Who is counted", {}, {}, {}};
    intro.paragraphs.push_back(fmt::format(
        "Lived Experience Partners in the programme during the period who consented to their "
        "equality monitoring answers being counted: {}. Partners who did not consent are not "
        "counted: {}. Answers are for monitoring only and are never used to match.",
        counts.count("Who is counted", "consented", "partners",
                     static_cast<long>(counted_in.size())),
        counts.count("Who is counted", "did not consent", "partners", declined)));
    if (disclosure.controlled()) intro.paragraphs.push_back(note);
    r.sections.push_back(std::move(intro));

    ReportSection s{"Partners by equality monitoring answer", {}, {}, {}};
    struct Question {
        const char* key;
        const char* title;
    };
    for (const auto& q :
         {Question{"age_band", "Age"}, Question{"ethnicity", "Ethnic group (Census 2021)"},
          Question{"gender", "Gender"}, Question{"disability", "Disability"},
          Question{"carer", "Unpaid care, hours a week"}}) {
        std::map<std::string, long> count;
        long unanswered = 0;
        for (const Record* p : counted_in) {
            std::string v = field_text(p->doc, std::string("equality.") + q.key);
            if (v.empty())
                ++unanswered;
            else
                ++count[v];
        }
        Table t;
        t.add_column("answer");
        t.add_column("partners", ColumnType::number);
        for (const auto& v : *store.settings().vocabularies.find(q.key))
            t.add_row({v, counts.count(q.title, v, "partners", count[v])});
        t.add_row({"not answered", counts.count(q.title, "not answered", "partners", unanswered)});
        s.tables.push_back({q.title, t, note});
    }
    r.sections.push_back(std::move(s));

    ReportSection d{"Deprivation", {}, {}, {}};
    std::map<long, long> deciles;
    for (const Record* p : counted_in)
        if (auto n = parse_integer(field_text(p->doc, "equality.imd_decile"))) ++deciles[*n];
    const std::string title = "Partners by Index of Multiple Deprivation decile";
    Table t;
    t.add_column("IMD decile (1 = most deprived)");
    t.add_column("partners", ColumnType::number);
    std::vector<std::string> shown;
    for (long decile = 1; decile <= 10; ++decile) {
        shown.push_back(counts.count(title, std::to_string(decile), "partners", deciles[decile]));
        t.add_row({std::to_string(decile), shown.back()});
    }
    d.tables.push_back({title, t, note});
    d.paragraphs.push_back(core20_paragraph(shown, disclosure.controlled()));
    r.sections.push_back(std::move(d));
    return r;
}

}  // namespace vfi
