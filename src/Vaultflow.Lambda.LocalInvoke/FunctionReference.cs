namespace Vaultflow.Lambda.LocalInvoke;

/// <summary>
/// Parses what Invoke accepts as FunctionName: <c>name</c>, <c>name:qualifier</c>,
/// <c>account:function:name</c> or <c>arn:aws:lambda:region:account:function:name[:qualifier]</c>.
/// </summary>
internal static class FunctionReference
{
    public static string NameOf(string reference)
    {
        var parts = reference.Split(':');
        if (parts.Length >= 7 && parts[0] == "arn" && parts[5] == "function")
        {
            return parts[6];
        }

        if (parts.Length >= 3 && parts[1] == "function")
        {
            return parts[2];
        }

        return parts[0];
    }
}
