namespace Vaultflow.Lambda.Bootstrap;

/// <summary>Process exit codes of <see cref="LambdaBootstrap.RunAsync"/>.</summary>
public static class LambdaExitCodes
{
    /// <summary>Stopped by the caller's cancellation token.</summary>
    public const int Stopped = 0;

    /// <summary>Start-up failed (e.g. unknown <c>_HANDLER</c>); reported to <c>/runtime/init/error</c>.</summary>
    public const int InitError = 1;

    /// <summary><c>AWS_LAMBDA_RUNTIME_API</c> is not set: not running under Lambda or an emulator.</summary>
    public const int NoRuntimeApi = 2;

    /// <summary>The Runtime API failed or went away mid-loop; Lambda replaces the sandbox.</summary>
    public const int RuntimeApiFailed = 3;
}
