namespace Vaultflow.Lambda.Annotations;

/// <summary>
/// Marks the startup class (at most one per assembly): a <c>public static void
/// ConfigureServices(IServiceCollection services)</c> runs once per cold start; each invocation gets
/// its own scope, from which handler classes are built.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LambdaStartupAttribute : Attribute
{
}
