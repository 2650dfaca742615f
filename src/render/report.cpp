// The renderers every report shares: a terminal table, Markdown, CSV, JSON and one
// self-contained HTML page.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "vfi/base/text.hpp"
#include "vfi/render/chart.hpp"
#include "vfi/render/json.hpp"
#include "vfi/render/report.hpp"
#include "vfi/render/table.hpp"

namespace vfi {
namespace {

std::string footer(const Report& r) {
    std::string out = fmt::format("Period {} to {}", r.from.str(), r.to.str());
    if (!r.cohort.empty()) out += fmt::format(", cohort {}", r.cohort);
    if (!r.compared_to.empty()) out += fmt::format(". Compared with git commit {}", r.compared_to);
    out += r.git_unavailable  ? ". Data in git, but git could not be run, so these figures "
                                "cannot be traced to a commit."
           : r.commit.empty() ? ". Data not in git."
           : r.uncommitted    ? fmt::format(
                                    ". Data at git commit {} with changes not yet committed, so these "
                                       "figures cannot be traced back exactly.",
                                    r.commit)
                           : fmt::format(". Data at git commit {}.", r.commit);
    // A national report: each region's commit, so the figures can be made again.
    if (!r.regions.empty()) {
        std::vector<std::string> read;
        for (const auto& g : r.regions)
            read.push_back(g.commit.empty()
                               ? g.name + " never fetched (left out)"
                               : fmt::format("{} at commit {}{} fetched {}{}{}", g.name, g.commit,
                                             g.commit_day.empty() ? "" : " of " + g.commit_day,
                                             g.fetched.substr(0, 10),
                                             g.failed.empty() ? "" : " (stale)",
                                             g.left_out ? " (left out)" : ""));
        out += " Regions: " + join(read, "; ") + ".";
    }
    return out + fmt::format(" Made by vfi {}.", VFI_VERSION);
}

std::string cell_text(const Table& t, std::size_t c, const std::string& v) {
    return t.types[c] == ColumnType::list ? join(Table::list_items(v), ", ") : v;
}

// Text as Markdown shows it and nothing more: no raw HTML (`<script>`, `<img src=...>`), no
// link or image (`[x](...)`, `![x](...)`), no table cell broken by `|`, no bare URL or email
// address turned into a link. < > & become entities; \ [ ] | @ and a leading # are escaped
// with a backslash, which CommonMark and GitHub show as the character itself; `://` and `www.`
// are broken the same way. Emphasis (`*`, `_`) is left: it cannot fetch or run anything.
std::string md(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        switch (c) {
            case '<':
            case '>':
            case '&':
                out += escape_html(text.substr(i, 1));
                break;
            case '\n':
            case '\r':
                out += ' ';
                break;
            case '\\':
            case '[':
            case ']':
            case '|':
            case '@':
                out += '\\';
                out += c;
                break;
            case '#':
                if (i == 0) out += '\\';
                out += c;
                break;
            case ':':
                if (text.substr(i, 3) == "://") out += '\\';
                out += c;
                break;
            case '.':
                if (i >= 3 && lower(text.substr(i - 3, 3)) == "www") out += '\\';
                out += c;
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string markdown(const Report& r) {
    std::string out = fmt::format("# {}: {}\n\n", md(r.title), md(r.programme));
    for (const auto& s : r.sections) {
        out += fmt::format("## {}\n\n", md(s.heading));
        for (const auto& p : s.paragraphs)
            out += md(p) + "\n\n";
        for (const auto& t : s.tables) {
            if (!t.title.empty()) out += fmt::format("**{}**\n\n", md(t.title));
            std::vector<std::string> heads;
            for (const auto& c : t.table.columns)
                heads.push_back(md(c));
            out += "| " + join(heads, " | ") + " |\n|";
            for (auto type : t.table.types)
                out += right_aligned(type) ? " ---: |" : " --- |";
            out += "\n";
            for (const auto& row : t.table.rows) {
                std::vector<std::string> cells;
                for (std::size_t c = 0; c < row.size(); ++c)
                    cells.push_back(md(cell_text(t.table, c, row[c])));
                out += "| " + join(cells, " | ") + " |\n";
            }
            out += "\n";
            if (!t.note.empty()) out += "_" + md(t.note) + "_\n\n";
        }
    }
    return out + "---\n\n" + md(footer(r)) + "\n";
}

std::string terminal(const Report& r) {
    std::string out = fmt::format("{}: {}\n", r.title, r.programme);
    for (const auto& s : r.sections) {
        out += fmt::format("\n{}\n{}\n", s.heading, std::string(display_width(s.heading), '='));
        for (const auto& p : s.paragraphs)
            out += p + "\n";
        for (const auto& t : s.tables) {
            out += "\n";
            if (!t.title.empty()) out += t.title + "\n";
            out += render_table(t.table, Colour::off);
            if (!t.note.empty()) out += t.note + "\n";
        }
    }
    return out + "\n" + footer(r) + "\n";
}

// One CSV: every table's rows under a `section,table,` prefix, so a spreadsheet can filter.
std::string csv(const Report& r) {
    if (r.flat_csv) return render_csv(*r.flat_csv);
    Table all;
    all.add_column("section");
    all.add_column("table");
    all.add_column("row");
    all.add_column("column");
    all.add_column("value");
    // What the figures cover, then each section's sentences (some hold figures, such as the
    // median days to a match), so nothing the other formats say is lost.
    all.add_row({"about", "", "report", "value", r.title});
    all.add_row({"about", "", "period from", "value", r.from.str()});
    all.add_row({"about", "", "period to", "value", r.to.str()});
    if (!r.cohort.empty()) all.add_row({"about", "", "cohort", "value", r.cohort});
    all.add_row({"about", "", "data", "value", footer(r)});
    for (const auto& s : r.sections)
        for (std::size_t i = 0; i < s.paragraphs.size(); ++i)
            all.add_row({s.heading, "", fmt::format("note {}", i + 1), "text", s.paragraphs[i]});
    for (const auto& s : r.sections)
        for (const auto& t : s.tables)
            for (const auto& row : t.table.rows)
                for (std::size_t c = 1; c < row.size(); ++c)
                    all.add_row({s.heading, t.title, row[0], t.table.columns[c],
                                 cell_text(t.table, c, row[c])});
    for (const auto& s : r.sections)
        for (const auto& t : s.tables)
            if (!t.note.empty()) all.add_row({s.heading, t.title, "note", "text", t.note});
    return render_csv(all);
}

std::string json(const Report& r) {
    nlohmann::ordered_json out;
    out["report"] = r.name;
    out["title"] = r.title;
    out["programme"] = r.programme;
    out["from"] = r.from.str();
    out["to"] = r.to.str();
    out["cohort"] =
        r.cohort.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.cohort);
    out["commit"] =
        r.commit.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.commit);
    if (!r.compared_to.empty()) out["compared_to"] = r.compared_to;
    if (!r.regions.empty()) {
        auto regions = nlohmann::ordered_json::array();
        for (const auto& g : r.regions)
            regions.push_back({{"name", g.name},
                               {"commit", g.commit},
                               {"fetched", g.fetched},
                               {"stale", !g.failed.empty()},
                               {"left_out", g.left_out}});
        out["regions"] = regions;
    }
    auto sections = nlohmann::ordered_json::array();
    for (const auto& s : r.sections) {
        nlohmann::ordered_json js;
        js["heading"] = s.heading;
        js["paragraphs"] = s.paragraphs;
        auto tables = nlohmann::ordered_json::array();
        for (const auto& t : s.tables) {
            nlohmann::ordered_json jt;
            jt["title"] = t.title;
            jt["rows"] = table_json(t.table);
            if (!t.note.empty()) jt["note"] = t.note;
            tables.push_back(jt);
        }
        js["tables"] = tables;
        sections.push_back(js);
    }
    out["sections"] = sections;
    return out.dump(2) + "\n";
}

std::string html(const Report& r) {
    std::string out = fmt::format(R"(<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{0}: {1}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; line-height: 1.5; }}
h1 {{ font-size: 1.8rem; }} h2 {{ border-bottom: 2px solid #0b5394; padding-bottom: .2rem; margin-top: 2rem; }}
table {{ border-collapse: collapse; margin: .5rem 0 1rem; }}
caption {{ text-align: left; font-weight: bold; padding: .3rem 0; }}
th, td {{ border: 1px solid #bbb; padding: .25rem .6rem; vertical-align: top; }}
th {{ background: #e8eef6; text-align: left; }} td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
figure {{ margin: 1rem 0; }} figure svg {{ max-width: 100%; height: auto; }} figcaption {{ font-weight: bold; }}
.glance td.n {{ font-size: 1.5rem; font-weight: bold; color: #0b5394; }} .glance th {{ font-size: 1.1rem; }}
.nw {{ white-space: nowrap; }} .note {{ font-style: italic; color: #444; }} footer {{ margin-top: 2rem; font-size: .9rem; color: #444; }}
@media print {{ body {{ margin: 0; }} h2 {{ break-after: avoid; }} table {{ break-inside: avoid; }} }}
</style>
</head>
<body>
<main>
<h1>{0}: {1}</h1>
)",
                                  escape_html(r.title), escape_html(r.programme));
    int charts = 0;
    for (const auto& s : r.sections) {
        out += fmt::format("<section{}>\n<h2>{}</h2>\n", s.headline ? " class=\"glance\"" : "",
                           escape_html(s.heading));
        for (const auto& p : s.paragraphs)
            out += fmt::format("<p>{}</p>\n", escape_html(p));
        for (const auto& c : s.charts)
            out +=
                fmt::format("<figure>\n<figcaption>{}</figcaption>\n{}</figure>\n",
                            escape_html(c.title), chart_svg(c, fmt::format("chart-{}", ++charts)));
        for (const auto& t : s.tables) {
            out += "<table>\n";
            if (!t.title.empty())
                out += fmt::format("<caption>{}</caption>\n", escape_html(t.title));
            out += "<thead><tr>";
            for (const auto& c : t.table.columns)
                out += fmt::format("<th scope=\"col\">{}</th>", escape_html(c));
            out += "</tr></thead>\n<tbody>\n";
            for (const auto& row : t.table.rows) {
                out += "<tr>";
                for (std::size_t c = 0; c < row.size(); ++c) {
                    std::string v = escape_html(cell_text(t.table, c, row[c]));
                    if (c == 0)
                        // A short label (a month, an id) stays on one line.
                        out += display_width(row[c]) <= 12
                                   ? fmt::format("<th scope=\"row\" class=\"nw\">{}</th>", v)
                                   : fmt::format("<th scope=\"row\">{}</th>", v);
                    else
                        out += right_aligned(t.table.types[c])
                                   ? fmt::format("<td class=\"n\">{}</td>", v)
                                   : fmt::format("<td>{}</td>", v);
                }
                out += "</tr>\n";
            }
            out += "</tbody>\n</table>\n";
            if (!t.note.empty())
                out += fmt::format("<p class=\"note\">{}</p>\n", escape_html(t.note));
        }
        out += "</section>\n";
    }
    return out +
           fmt::format("</main>\n<footer>{}</footer>\n</body>\n</html>\n", escape_html(footer(r)));
}

}  // namespace

std::string render_report(const Report& report, ReportFormat format) {
    switch (format) {
        case ReportFormat::table:
            return terminal(report);
        case ReportFormat::md:
            return markdown(report);
        case ReportFormat::csv:
            return csv(report);
        case ReportFormat::json:
            return json(report);
        case ReportFormat::html:
            return html(report);
        case ReportFormat::xlsx:
            return render_xlsx(report);
    }
    return {};
}

std::string report_footer(const Report& report) {
    return footer(report);
}

}  // namespace vfi
