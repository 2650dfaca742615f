// Charts as inline SVG for the HTML page: bars or lines over labelled months, a legend, axis
// ticks at round numbers, the Okabe–Ito colour-blind-safe palette, and a title and
// description a screen reader reads out in place of the picture.
#include <algorithm>
#include <cmath>
#include <tuple>

#include <fmt/format.h>

#include "vfi/base/text.hpp"
#include "vfi/render/chart.hpp"

namespace vfi {
namespace {

// Okabe & Ito's palette, told apart by people with every common colour-vision deficiency.
constexpr const char* palette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7"};

std::string number(double v) {
    return v == std::floor(v) ? fmt::format("{}", static_cast<long long>(v))
                              : fmt::format("{:.1f}", v);
}

// The top of the y axis and the step between gridlines: 1, 2 or 5 times a power of ten,
// at most five steps.
std::pair<double, double> axis(double max) {
    if (max <= 0) return {1, 1};
    double step = 1;
    for (double scale = 1;; scale *= 10) {
        for (double m : {1.0, 2.0, 5.0}) {
            step = m * scale;
            if (std::ceil(max / step) <= 5) return {std::ceil(max / step) * step, step};
        }
    }
}

// Where things go on the picture: its size, the margins round the plot, the top of the y axis
// and the step between gridlines, and the width each label (month) has.
struct Frame {
    static constexpr double width = 720, height = 300, left = 48, right = 12, top = 36, bottom = 44;
    static constexpr double plot_w = width - left - right, plot_h = height - top - bottom;
    double top_value = 1, step = 1, band = plot_w;

    explicit Frame(const Chart& c) {
        std::size_t n = std::max<std::size_t>(c.labels.size(), 1);
        double max = 0;
        for (const auto& s : c.series)
            for (double v : s.values)
                max = std::max(max, v);
        std::tie(top_value, step) = axis(max);
        band = plot_w / static_cast<double>(n);
    }
    double y_of(double v) const { return top + plot_h - v / top_value * plot_h; }
    // The middle of the `i`th label's band.
    double x_of(std::size_t i) const { return left + band * (static_cast<double>(i) + 0.5); }
};

// Gridlines and the y axis, labelled with the unit; the month labels, thinned to about twelve
// so they never overlap; the x axis.
std::string axes(const Chart& c, const Frame& f) {
    std::string out;
    for (double v = 0; v <= f.top_value + f.step / 2; v += f.step)
        out += fmt::format(
            "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"#d0d0d0\"/>"
            "<text x=\"{3}\" y=\"{4:.1f}\" text-anchor=\"end\" fill=\"#333\">{5}</text>\n",
            f.left, f.width - f.right, f.y_of(v), f.left - 6, f.y_of(v) + 4, number(v));
    out += fmt::format(
        "<text x=\"12\" y=\"{0:.1f}\" transform=\"rotate(-90 12 {0:.1f})\" text-anchor=\"middle\" "
        "fill=\"#333\">{1}</text>\n",
        f.top + f.plot_h / 2, escape_html(c.unit));
    std::size_t every = (c.labels.size() + 11) / 12;
    for (std::size_t i = 0; i < c.labels.size(); i += std::max<std::size_t>(every, 1))
        out += fmt::format(
            "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" "
            "fill=\"#333\">{}</text>\n",
            f.x_of(i), f.height - f.bottom + 16, escape_html(c.labels[i]));
    out += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#333\"/>\n",
                       f.left, f.width - f.right, f.top + f.plot_h);
    return out;
}

// Series `s` of `count` as bars, side by side in each label's band, each with its figure.
std::string bars(const Chart& c, const Frame& f, std::size_t s, std::size_t count) {
    const auto& series = c.series[s];
    double bar = f.band * 0.8 / static_cast<double>(count);
    std::string out;
    for (std::size_t i = 0; i < series.values.size() && i < c.labels.size(); ++i) {
        double v = series.values[i];
        double x =
            f.left + f.band * static_cast<double>(i) + f.band * 0.1 + bar * static_cast<double>(s);
        out += fmt::format(
            "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
            "fill=\"{}\"><title>{}, {}: {}</title></rect>\n",
            x, f.y_of(v), bar, f.top + f.plot_h - f.y_of(v), palette[s], escape_html(c.labels[i]),
            escape_html(series.name), number(v));
    }
    return out;
}

// Series `s` as a line through the middle of each label's band, a dot with its figure at each.
std::string line(const Chart& c, const Frame& f, std::size_t s) {
    const auto& series = c.series[s];
    std::string points;
    for (std::size_t i = 0; i < series.values.size() && i < c.labels.size(); ++i)
        points += fmt::format("{}{:.1f},{:.1f}", i ? " " : "", f.x_of(i), f.y_of(series.values[i]));
    std::string out = fmt::format(
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" "
        "stroke-width=\"2.5\"/>\n",
        points, palette[s]);
    for (std::size_t i = 0; i < series.values.size() && i < c.labels.size(); ++i)
        out += fmt::format(
            "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"><title>{}, {}: "
            "{}</title></circle>\n",
            f.x_of(i), f.y_of(series.values[i]), palette[s], escape_html(c.labels[i]),
            escape_html(series.name), number(series.values[i]));
    return out;
}

}  // namespace

std::string chart_alt_text(const Chart& c) {
    std::size_t n = c.labels.size();
    std::string out =
        fmt::format("{} chart: {}", c.kind == Chart::Kind::bar ? "Bar" : "Line", c.title);
    if (n == 0) return out + ". No data in the period.";
    out += fmt::format(", {} to {} ({} {}).", c.labels.front(), c.labels.back(), n,
                       n == 1 ? "point" : "points");
    for (const auto& s : c.series) {
        if (s.values.empty()) continue;
        auto high = std::max_element(s.values.begin(), s.values.end());
        auto low = std::min_element(s.values.begin(), s.values.end());
        out +=
            fmt::format(" {}: highest {} in {}, lowest {} in {}", s.name, number(*high),
                        c.labels[static_cast<std::size_t>(high - s.values.begin())], number(*low),
                        c.labels[static_cast<std::size_t>(low - s.values.begin())]);
        if (c.kind == Chart::Kind::bar) {
            double sum = 0;
            for (double v : s.values)
                sum += v;
            out += fmt::format(", {} in all", number(sum));
        } else {
            out += fmt::format(", {} at the start and {} at the end", number(s.values.front()),
                               number(s.values.back()));
        }
        out += ".";
    }
    return out + " The table holds every figure.";
}

std::string chart_svg(const Chart& c, const std::string& id) {
    Frame f(c);
    std::string out = fmt::format(
        "<svg viewBox=\"0 0 {0} {1}\" width=\"{0}\" "
        "height=\"{1}\" role=\"img\" aria-labelledby=\"{2}-title {2}-desc\" "
        "font-family=\"system-ui, sans-serif\" font-size=\"11\">\n"
        "<title id=\"{2}-title\">{3}</title>\n<desc id=\"{2}-desc\">{4}</desc>\n",
        f.width, f.height, id, escape_html(c.title), escape_html(chart_alt_text(c)));
    out += axes(c, f);
    std::size_t count = std::min<std::size_t>(c.series.size(), std::size(palette));
    for (std::size_t s = 0; s < count; ++s) {
        // The legend, across the top: a swatch and the series' name.
        double lx = f.left + static_cast<double>(s) * 180;
        out += fmt::format(
            "<rect x=\"{:.1f}\" y=\"10\" width=\"12\" height=\"12\" fill=\"{}\"/>"
            "<text x=\"{:.1f}\" y=\"20\" fill=\"#1b1b1b\">{}</text>\n",
            lx, palette[s], lx + 16, escape_html(c.series[s].name));
        out += c.kind == Chart::Kind::bar ? bars(c, f, s, count) : line(c, f, s);
    }
    return out + "</svg>\n";
}

}  // namespace vfi
