using Vaultflow.Bench.Results;

namespace Vaultflow.Bench.Tests;

public class FigureFactoryTests
{
    private static readonly RunContext Run = new(2, () => "1.00 0.50 0.25");

    [Fact]
    public void Ratio_HigherIsBetter_IsValueOverBaseline()
    {
        Assert.Equal(0.5, FigureFactory.Ratio(50, 100, higherIsBetter: true));
    }

    [Fact]
    public void Ratio_LowerIsBetter_IsBaselineOverValue()
    {
        Assert.Equal(1000, FigureFactory.Ratio(10, 10_000, higherIsBetter: false));
    }

    [Fact]
    public void Ratio_ZeroDivisor_IsNull()
    {
        Assert.Null(FigureFactory.Ratio(0, 100, higherIsBetter: false));
        Assert.Null(FigureFactory.Ratio(5, 0, higherIsBetter: true));
    }

    [Theory]
    [InlineData(61, 100, true)]
    [InlineData(60, 100, true)]
    [InlineData(59, 100, false)]
    public void Measured_RatioGoal_MetOnlyAtOrAboveThreshold(double value, double baseline, bool met)
    {
        var spec = new FigureSpec("3a", "persist", "records/s", "bare", HigherIsBetter: true, Goal.RatioAtLeast(0.6));

        var figure = FigureFactory.Measured(spec, value, baseline, Run);

        Assert.Equal(met, figure.MeetsGoal);
        Assert.Equal("ratio >= 0.6", figure.Goal);
        Assert.Equal(2, figure.Cores);
        Assert.Equal("1.00 0.50 0.25", figure.Load);
    }

    [Fact]
    public void Measured_ValueGoalOnLowerIsBetter_JudgesTheValueNotTheRatio()
    {
        var spec = new FigureSpec("6b", "aot", "ms", "jit", HigherIsBetter: false, Goal.ValueAtMost(30));

        Assert.True(FigureFactory.Measured(spec, 29.9, 100, Run).MeetsGoal);
        Assert.False(FigureFactory.Measured(spec, 31, 1000, Run).MeetsGoal);
        Assert.Equal("<= 30 ms", spec.Goal.Describe(spec.Unit));
    }

    [Fact]
    public void NotMeasured_NeverMeetsGoal_AndKeepsTheReason()
    {
        var spec = new FigureSpec("5", "e2e", "msg/s", "fauxqs", HigherIsBetter: true, Goal.RatioAtLeast(0.25));

        var figure = FigureFactory.NotMeasured(spec, Run, "not measured: local stack not available");

        Assert.False(figure.MeetsGoal);
        Assert.Null(figure.Value);
        Assert.Null(figure.Ratio);
        Assert.Equal(FigureStatus.NotMeasured, figure.Status);
        Assert.Contains("local stack", figure.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void IsMetBy_NaN_IsNotMet()
    {
        Assert.False(Goal.RatioAtLeast(0.5).IsMetBy(1, double.NaN));
    }
}
