#include <map>

#include <fmt/format.h>

#include "vfi/records.hpp"
#include "vfi/reports.hpp"
#include "vfi/validate.hpp"

namespace vfi {

std::string disclosed(long count) {
    if (count == 0) return "0";
    if (count <= 7) return "*";
    return std::to_string((count + 2) / 5 * 5);
}

Report build_equality(const RecordStore& store, const ReportScope& scope) {
    Report r = new_report("equality", "Equality Report", store, scope);
    bool control = store.settings().disclosure_control != "none";
    std::string note =
        control
            ? "Counts of 1 to 7 are shown as * and others are rounded to the nearest 5 (NHS "
              "Digital's disclosure control)."
            : "Exact counts: disclosure_control is none in vfi.yaml. For internal use only; do not "
              "publish.";
    auto shown = [&](long n) { return control ? disclosed(n) : std::to_string(n); };

    // Only partners who agreed their answers may be counted.
    std::vector<const Record*> counted_in;
    long declined = 0;
    for (const auto& p : store.records(Kind::partner)) {
        // Partners in the programme at some time in the period: not left before it began,
        // not joined after it ended.
        auto joined = field_date(p.doc, "joined"), left = field_date(p.doc, "left");
        if ((left && *left < scope.from) || (joined && scope.to < *joined)) continue;
        if (parse_boolean(field_text(p.doc, "consent.equality")).value_or(false))
            counted_in.push_back(&p);
        else
            ++declined;
    }
    ReportSection intro{"Who is counted", {}, {}, {}};
    intro.paragraphs.push_back(
        fmt::format("Lived Experience Partners in the programme during the period who consented to "
                    "their equality monitoring answers being counted: {}. "
                    "Partners who did not consent are not counted: {}. Answers are for monitoring "
                    "only and are never used to "
                    "match.",
                    shown(static_cast<long>(counted_in.size())), shown(declined)));
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
            t.add_row({v, shown(count[v])});
        t.add_row({"not answered", shown(unanswered)});
        s.tables.push_back({q.title, t, note});
    }
    r.sections.push_back(std::move(s));

    ReportSection d{"Deprivation", {}, {}, {}};
    std::map<long, long> deciles;
    long recorded = 0;
    for (const Record* p : counted_in)
        if (auto n = parse_integer(field_text(p->doc, "equality.imd_decile")))
            ++deciles[*n], ++recorded;
    Table t;
    t.add_column("IMD decile (1 = most deprived)");
    t.add_column("partners", ColumnType::number);
    for (long decile = 1; decile <= 10; ++decile)
        t.add_row({std::to_string(decile), shown(deciles[decile])});
    d.tables.push_back({"Partners by Index of Multiple Deprivation decile", t, note});
    long core20 = deciles[1] + deciles[2];
    if (recorded == 0) {
        d.paragraphs.push_back("No partner's deprivation decile is recorded.");
    } else if (control && (core20 <= 7 || recorded <= 7)) {
        d.paragraphs.push_back(
            "The share from the most deprived 20% of areas (Core20, deciles 1 and 2) is withheld: "
            "the counts are too small to publish.");
    } else if (control) {
        // From the published (rounded) counts, so the share tells nothing they do not.
        long shown_core20 = std::stol(disclosed(core20)),
             shown_recorded = std::stol(disclosed(recorded));
        d.paragraphs.push_back(fmt::format(
            "From the most deprived 20% of areas (Core20, deciles 1 and 2): {}% (from the counts "
            "rounded to the nearest 5).",
            (shown_core20 * 100 + shown_recorded / 2) / shown_recorded));
    } else {
        d.paragraphs.push_back(
            fmt::format("From the most deprived 20% of areas (Core20, deciles 1 and 2): {}%.",
                        (core20 * 100 + recorded / 2) / recorded));
    }
    r.sections.push_back(std::move(d));
    return r;
}

}  // namespace vfi
