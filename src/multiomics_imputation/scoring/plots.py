"""Figures: each function takes tables or matrices and returns a matplotlib Figure (no pyplot state)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from sklearn.decomposition import PCA


def _grid(n_panels: int, ncols: int, width: float = 3.6, height: float = 3.2) -> tuple[Figure, np.ndarray]:
    ncols = min(ncols, n_panels)
    nrows = int(np.ceil(n_panels / ncols))
    figure = Figure(figsize=(width * ncols, height * nrows), layout="constrained")
    axes = np.atleast_1d(figure.subplots(nrows, ncols, squeeze=False).ravel())
    for extra in axes[n_panels:]:
        extra.set_axis_off()
    return figure, axes[:n_panels]


def plot_training_curves(history: pd.DataFrame, title: str) -> Figure:
    """Train (solid) and validation (dashed) loss against epoch, one colour per model."""
    figure = Figure(figsize=(6, 4), layout="constrained")
    axes = figure.add_subplot()
    for member, rows in history.groupby("model"):
        (line,) = axes.plot(rows["epoch"], rows["train_loss"], label=f"model {member} train")
        axes.plot(
            rows["epoch"], rows["validation_loss"], "--", color=line.get_color(), label=f"model {member} validation"
        )
    axes.set(xlabel="epoch", ylabel="MSE (standardised target layer)", title=f"{title}: training curve")
    axes.legend(fontsize="small", ncols=2)
    return figure


def plot_pca(
    reference_cnv: pd.DataFrame,
    target_cnv: pd.DataFrame,
    imputed: dict[str, pd.DataFrame],
    title: str,
    layer: str = "CNV",
) -> Figure:
    """The target layer in the reference's first two principal components: real (grey) vs imputed, per method."""
    pca = PCA(n_components=2).fit(reference_cnv.to_numpy())
    real = pca.transform(target_cnv.fillna(0.0).to_numpy())
    figure, axes = _grid(len(imputed), ncols=4)
    for ax, (method, frame) in zip(axes, imputed.items()):
        points = pca.transform(frame.loc[target_cnv.index, target_cnv.columns].to_numpy())
        ax.scatter(real[:, 0], real[:, 1], s=8, c="lightgrey", label="real")
        ax.scatter(points[:, 0], points[:, 1], s=8, c="tab:red", alpha=0.6, label="imputed")
        ax.set(title=method, xlabel="PC1", ylabel="PC2")
    axes[0].legend(fontsize="small")
    figure.suptitle(f"{title}: PCA of real vs imputed target {layer} (axes fitted on the reference)")
    return figure


def plot_masks(masks: dict[str, pd.DataFrame], layer: str = "CNV") -> Figure:
    """Which entries of the target layer each scenario hides (black), samples x features in file order."""
    figure, axes = _grid(len(masks), ncols=3, width=4.2)
    for ax, (scenario, mask) in zip(axes, masks.items()):
        ax.imshow(mask.to_numpy(), aspect="auto", cmap="Greys", interpolation="nearest")
        ax.set(
            title=f"{scenario} ({mask.to_numpy().mean():.1%} hidden)",
            xlabel=f"{layer} features (file order)",
            ylabel="target samples",
        )
    figure.suptitle(f"Missingness patterns over the target cohort's {layer}")
    return figure


def plot_sample_correlations(correlations: pd.DataFrame, layer: str = "CNV") -> Figure:
    """Per-sample Pearson correlation of imputed vs true values of the target layer, by method, one panel per
    scenario."""
    scenarios = list(dict.fromkeys(correlations["scenario"]))
    figure, axes = _grid(len(scenarios), ncols=3, width=4.6, height=3.6)
    for ax, scenario in zip(axes, scenarios):
        rows = correlations[correlations["scenario"] == scenario].dropna(subset=["pearson"])
        methods = list(dict.fromkeys(rows["method"]))
        ax.boxplot([rows.loc[rows["method"] == m, "pearson"] for m in methods], tick_labels=methods, showfliers=False)
        ax.tick_params(axis="x", rotation=60, labelsize="small")
        ax.axhline(0, color="grey", lw=0.8)
        ax.set(title=scenario, ylabel="per-sample Pearson r")
    figure.suptitle(f"Per-sample correlation of imputed and true {layer} (masked entries)")
    return figure


def plot_metric_heatmap(metrics: pd.DataFrame, metric: str = "r2") -> Figure:
    """Mean of one metric over replicates, scenario x method, annotated."""
    table = metrics[metrics["metric"] == metric].pivot_table(index="scenario", columns="method", values="value")
    table = table.reindex(
        index=list(dict.fromkeys(metrics["scenario"])), columns=list(dict.fromkeys(metrics["method"]))
    )
    figure = Figure(figsize=(1.1 * table.shape[1] + 2.5, 0.45 * table.shape[0] + 2), layout="constrained")
    ax = figure.add_subplot()
    shown = table.clip(lower=-0.5)
    image = ax.imshow(
        shown.to_numpy(), cmap="viridis", aspect="auto", vmin=-0.5, vmax=max(1e-6, np.nanmax(shown.to_numpy()))
    )
    for (i, j), value in np.ndenumerate(table.to_numpy()):
        ax.text(
            j,
            i,
            f"{value:.2f}",
            ha="center",
            va="center",
            fontsize="small",
            color="white" if shown.iat[i, j] < np.nanmax(shown.to_numpy()) * 0.6 else "black",
        )
    ax.set_xticks(range(table.shape[1]), table.columns, rotation=45, ha="right")
    ax.set_yticks(range(table.shape[0]), table.index)
    figure.colorbar(image, ax=ax, label=f"{metric} (clipped at -0.5)")
    ax.set_title(f"{metric} on masked entries, by scenario and method")
    return figure


def plot_metric_vs_rate(metrics: pd.DataFrame, metric: str = "r2") -> Figure:
    """One metric against the missingness rate, a line per method, a panel per pattern."""
    rows = metrics[metrics["metric"] == metric]
    patterns = list(dict.fromkeys(rows["pattern"]))
    figure, axes = _grid(len(patterns), ncols=4, width=4.2)
    for ax, pattern in zip(axes, patterns):
        table = rows[rows["pattern"] == pattern].pivot_table(index="rate", columns="method", values="value")
        for method in table.columns:
            ax.plot(table.index * 100, table[method], marker="o", label=method)
        ax.set(
            title=pattern,
            xlabel="missing (%)",
            ylabel=metric,
            ylim=(max(-0.5, np.nanmin(table.to_numpy()) - 0.05), None),
        )
    axes[-1].legend(fontsize="small", loc="best")
    figure.suptitle(f"{metric} against missingness rate")
    return figure


def plot_classification(summary: pd.DataFrame, metric: str = "accuracy", subset: str = "affected") -> Figure:
    """Random Forest scores per method (mean over rates, with the widest 95% interval over replicates), one panel
    per view and pattern, on the affected target samples; lines at the ceiling (the original target layer,
    `cnv_original`) and the floor (mean imputation, `cnv_mean_imputed`) on the same samples."""
    rows = summary[(summary["metric"] == metric) & (summary["subset"] == subset)]
    panels = list(dict.fromkeys(zip(rows["view"], rows["pattern"])))
    n_methods = rows["method"].nunique()
    figure, axes = _grid(len(panels), ncols=3, width=4.4, height=0.3 * n_methods + 1.6)
    for ax, (view, pattern) in zip(axes, panels):
        block = rows[(rows["view"] == view) & (rows["pattern"] == pattern)]
        table = block.groupby("method", sort=False).agg(
            mean=("mean", "mean"), low=("ci_low", "min"), high=("ci_high", "max")
        )
        table = table.sort_values("mean")
        y = np.arange(len(table))
        ax.hlines(y, table["low"], table["high"], color="tab:blue", lw=1.5)
        ax.plot(table["mean"], y, "o", color="tab:blue", ms=4)
        for control, colour, word in (
            ("cnv_original", "tab:green", "ceiling"),
            ("cnv_mean_imputed", "tab:red", "floor"),
        ):
            if control in table.index:
                ax.axvline(table.loc[control, "mean"], color=colour, ls="--", lw=1, label=word)
        ax.set_yticks(y, table.index, fontsize="small")
        ax.set(title=f"{view}: {pattern}", xlabel=metric, xlim=(0, 1))
    axes[0].legend(fontsize="x-small", loc="lower right")
    figure.suptitle(
        f"Downstream classification ({metric}, {subset} target samples): each method between floor and ceiling"
    )
    return figure


def plot_paper_ladder(summary: pd.DataFrame, cohort: str) -> Figure:
    """A waterfall per method: R² (mean over the paper's scenarios) under the paper's protocol, what removing
    each of its shortcuts changes (green up, red down), and what is left at the last step."""
    r2 = summary[summary["metric"] == "r2"]
    steps = list(dict.fromkeys(r2["ladder"]))
    methods = list(dict.fromkeys(r2["method"]))
    figure, axes = _grid(len(methods), ncols=2, width=5.6, height=4.0)
    for ax, method in zip(axes, methods):
        values = r2[r2["method"] == method].set_index("ladder")["value"].reindex(steps).to_numpy()
        changes = np.diff(values)
        ax.bar(0, values[0], color="tab:blue")
        for k, change in enumerate(changes, start=1):
            ax.bar(k, change, bottom=values[k - 1], color="tab:green" if change >= 0 else "tab:red")
        ax.bar(len(steps), values[-1], color="tab:grey")
        for position, value in ((0, values[0]), (len(steps), values[-1])):
            ax.annotate(f"{value:.2f}", (position, value), ha="center", va="bottom", fontsize="small")
        low, high = min(0.0, np.nanmin(values)), max(0.0, np.nanmax(values))
        pad = 0.12 * (high - low or 1.0)
        ax.set_ylim(low - pad, high + pad)
        ax.set_xticks(range(len(steps) + 1), [*steps, "what is left"], rotation=35, ha="right", fontsize="small")
        ax.axhline(0, color="black", lw=0.5)
        ax.set(title=method, ylabel="R² on the hidden entries")
    figure.suptitle(f"{cohort}: the original paper's protocol, and what removing each shortcut changes (same masks)")
    return figure


def plot_modality_matrix(best: pd.DataFrame, cohort: str) -> Figure:
    """One panel per pattern: rows the target layers, columns the source layers (alone, then all the others
    together), each cell the best method's R² on the hidden entries with its name."""
    patterns = list(dict.fromkeys(best["pattern"]))
    targets = list(dict.fromkeys(best["target"]))
    columns = [*targets, "all others"]  # the diagonal (a layer from itself) stays empty
    best = best.assign(column=best["sources"].where(~best["sources"].str.contains(r" \+ "), "all others"))
    figure, axes = _grid(len(patterns), ncols=2, width=1.4 * len(columns) + 1.5, height=1.0 * len(targets) + 1.4)
    for ax, pattern in zip(axes, patterns):
        cells = best[best["pattern"] == pattern].set_index(["target", "column"])
        values = np.full((len(targets), len(columns)), np.nan)
        for i, target in enumerate(targets):
            for j, column in enumerate(columns):
                if (target, column) in cells.index:
                    row = cells.loc[(target, column)]
                    values[i, j] = row["r2"]
                    ax.text(j, i, f"{row['method']}\n{row['r2']:.2f}", ha="center", va="center", fontsize="small")
        image = ax.imshow(np.clip(values, 0, 1), cmap="viridis", vmin=0, vmax=1, alpha=0.8)
        ax.set_xticks(range(len(columns)), columns, rotation=30, ha="right")
        ax.set_yticks(range(len(targets)), targets)
        ax.set(xlabel="imputed from", ylabel="target layer", title=f"{pattern}: best method and its R²")
    figure.colorbar(image, ax=list(axes), shrink=0.8, label="R² on hidden entries (below 0 shown as 0)")
    figure.suptitle(f"{cohort}: every layer imputed from every other (same split and masks per target)")
    return figure


R2_AXIS = (-0.25, 1.0)  # R² below -0.25 is worse than useless: such methods are named off scale


def plot_r2_intervals(summary: pd.DataFrame, highlight: str | None = None) -> Figure:
    """R² on the hidden entries per method, one panel per pattern: a dot per rate and the 95% interval over
    replicates as a line (none with one replicate); methods from best to worst, `highlight` in bold."""
    rows = summary[summary["metric"] == "r2"]
    patterns = list(dict.fromkeys(rows["pattern"]))
    figure, axes = _grid(len(patterns), ncols=3, width=4.6, height=0.32 * rows["method"].nunique() + 1.6)
    rates = sorted(rows["rate"].unique())
    colours = dict(zip(rates, ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown")))
    for ax, pattern in zip(axes, patterns):
        block = rows[rows["pattern"] == pattern]
        order = block.groupby("method")["mean"].mean().sort_values().index.tolist()
        for k, rate in enumerate(rates):
            at = block[block["rate"] == rate].set_index("method").reindex(order)
            y = np.arange(len(order)) + (k - (len(rates) - 1) / 2) * 0.18
            ax.hlines(y, at["ci_low"], at["ci_high"], color=colours.get(rate, "grey"), lw=1.5)
            ax.plot(at["mean"], y, "o", ms=4, color=colours.get(rate, "grey"), label=f"{rate:.0%}")
        means = block.groupby("method")["mean"].mean()
        labels = [m if means[m] >= R2_AXIS[0] else f"{m} (R² {means[m]:.1f}, off scale)" for m in order]
        ax.set_yticks(range(len(order)), labels, fontsize="small")
        for label, method in zip(ax.get_yticklabels(), order):
            label.set_fontweight("bold" if method == highlight else "normal")
        ax.axvline(0, color="grey", lw=0.6)
        ax.set(title=pattern, xlabel="R² on hidden entries", xlim=R2_AXIS)
    axes[0].legend(title="rate", fontsize="x-small")
    n = int(rows["n_replicates"].max())
    figure.suptitle(
        f"R² per method: mean and 95% interval over {n} replicates"
        if n > 1
        else "R² per method (one replicate: no interval)"
    )
    return figure


def plot_calibration(metrics: pd.DataFrame) -> Figure:
    """Observed against nominal coverage of each method's central intervals (mean over scenarios and replicates),
    one panel per pattern: on the diagonal, a 90% interval holds 90% of the hidden values."""
    rows = metrics[metrics["metric"].str.fullmatch(r"coverage_\d+")]
    if rows.empty:
        figure = Figure(figsize=(5, 1.5), layout="constrained")
        figure.text(0.5, 0.5, "No method of this run gives an uncertainty.", ha="center", va="center")
        return figure
    rows = rows.assign(nominal=rows["metric"].str.removeprefix("coverage_").astype(int) / 100)
    patterns = list(dict.fromkeys(rows["pattern"]))
    figure, axes = _grid(len(patterns), ncols=3, width=3.8, height=3.6)
    for ax, pattern in zip(axes, patterns):
        table = rows[rows["pattern"] == pattern].pivot_table(index="nominal", columns="method", values="value")
        ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls="--")
        for method in table.columns:
            ax.plot(table.index, table[method], marker="o", ms=3, label=method)
        ax.set(title=pattern, xlabel="nominal coverage", ylabel="observed coverage", xlim=(0.4, 1), ylim=(0.4, 1))
    axes[0].legend(fontsize="x-small")
    figure.suptitle("Are the intervals honest? Observed against nominal coverage of the hidden values")
    return figure


def plot_pooled_intervals(pooled: pd.DataFrame, metric: str = "accuracy", subset: str = "all") -> Figure:
    """Per view: each method and scenario's classification score with its 95% interval, from the single imputation
    (grey: the imputed values taken as measured) and from the draws pooled by Rubin's rules (blue: the imputation's
    uncertainty carried in); each the mean over replicates of the estimate and of the interval's ends."""
    rows = pooled[(pooled["metric"] == metric) & (pooled["subset"] == subset)]
    views = list(dict.fromkeys(rows["view"]))
    labels = list(dict.fromkeys(rows["method"] + ", " + rows["scenario"]))
    figure, axes = _grid(len(views), ncols=2, width=5.2, height=0.28 * len(labels) + 1.4)
    for ax, view in zip(axes, views):
        block = rows[rows["view"] == view].assign(label=lambda f: f["method"] + ", " + f["scenario"])
        table = block.groupby(["label", "imputation"], sort=False)[["estimate", "ci_low", "ci_high"]].mean()
        for offset, (imputation, colour) in ((0.15, ("single", "tab:gray")), (-0.15, ("multiple", "tab:blue"))):
            part = table.xs(imputation, level="imputation").reindex(labels)
            y = np.arange(len(labels)) + offset
            ax.hlines(y, part["ci_low"], part["ci_high"], color=colour, lw=1.5)
            word = "single imputation" if imputation == "single" else "multiple imputation, pooled"
            ax.plot(part["estimate"], y, "o", color=colour, ms=3.5, label=word)
        ax.set_yticks(np.arange(len(labels)), labels, fontsize="x-small")
        ax.set(title=view, xlabel=f"{metric} (95% interval)")
    handles, names = axes[0].get_legend_handles_labels()
    figure.legend(handles, names, loc="outside lower center", ncol=2, fontsize="small", frameon=False)
    figure.suptitle(f"Classification ({subset} target samples): single imputation against the draws pooled")
    return figure


def plot_draw_coverage(summary: pd.DataFrame) -> Figure:
    """The draws' 90% intervals against the truth, per scenario (mean and 95% interval over replicates): for each
    hidden value (`draw_coverage_90`), and for each sample's mean over its hidden values (`sample_mean_coverage_90`);
    each method's draws solid, its point imputation plus independent noise dashed; honest at 0.90."""
    panels = (
        ("draw_coverage_90", "each hidden value"),
        ("sample_mean_coverage_90", "each sample's mean over its hidden values"),
    )
    figure, axes = _grid(len(panels), ncols=2, width=5.6, height=3.8)
    for ax, (metric, words) in zip(axes, panels):
        for independent in (False, True):
            rows = summary[summary["metric"] == (f"{metric}_independent" if independent else metric)]
            for k, (method, block) in enumerate(rows.groupby("method", sort=False)):
                x = np.arange(len(block)) + (0.12 if independent else 0.0) + 0.04 * k
                ax.errorbar(
                    x,
                    block["mean"],
                    yerr=[block["mean"] - block["ci_low"], block["ci_high"] - block["mean"]],
                    marker="o",
                    ms=3,
                    lw=1,
                    ls="--" if independent else "-",
                    color=f"C{k}",
                    label=f"{method}, independent noise" if independent else f"{method}, its draws",
                )
                ax.set_xticks(np.arange(len(block)), block["scenario"], rotation=60, fontsize="small")
        ax.axhline(0.9, color="grey", lw=0.8, ls=":")
        ax.set(title=f"90% interval of {words}", ylabel="share holding the truth", ylim=(0, 1.02))
    labelled = {name: handle for ax in axes for handle, name in zip(*ax.get_legend_handles_labels())}
    figure.legend(
        labelled.values(), labelled.keys(), loc="outside lower center", ncol=4, fontsize="small", frameon=False
    )
    figure.suptitle("Are the draws proper? Coverage of their 90% intervals (honest: 0.90)")
    return figure
