namespace Vaultflow.Lambda.ExceptionHandling;

/// <summary>Turns an exception into the error document Lambda reports.</summary>
public static class LambdaErrorPayloadFactory
{
    /// <summary>
    /// errorType is, in order: <see cref="IHasErrorType.ErrorType"/>, the <paramref name="resolver"/>'s
    /// answer, the exception's type name (what the managed .NET runtime reports). A lone inner exception
    /// of an <see cref="AggregateException"/> is reported instead of the wrapper.
    /// </summary>
    public static LambdaErrorPayload Create(Exception exception, LambdaErrorTypeResolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var reported = Unwrap(exception);
        var errorType = (reported as IHasErrorType)?.ErrorType
            ?? resolver?.Invoke(reported)
            ?? reported.GetType().Name;
        return new LambdaErrorPayload(reported.Message, errorType, StackLines(reported));
    }

    private static Exception Unwrap(Exception exception)
    {
        var current = exception;
        while (current is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            current = aggregate.InnerExceptions[0];
        }

        return current;
    }

    private static string[] StackLines(Exception exception)
    {
        var lines = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (!ReferenceEquals(current, exception))
            {
                lines.Add($"--- caused by {current.GetType().Name}: {current.Message}");
            }

            if (current.StackTrace is { } trace)
            {
                lines.AddRange(trace.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        return [.. lines];
    }
}
