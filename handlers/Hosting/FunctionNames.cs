namespace Vaultflow.Handlers.Hosting;

/// <summary>The function names (also the <c>_HANDLER</c> values and the template's Handler).</summary>
public static class FunctionNames
{
    public const string Starter = "Starter";
    public const string Dedupe = "Dedupe";
    public const string Encrypt = "Encrypt";
    public const string Persist = "Persist";
    public const string RouteFailure = "RouteFailure";
    public const string GetRecord = "GetRecord";
}
