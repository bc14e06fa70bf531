namespace SpikeSeg.Core;

/// <summary>
/// Input the user supplied is wrong: a file that cannot be decoded, a setting out of range.
/// The message is one line that names the source (file, offset, setting) and the problem;
/// the CLI prints it as is and exits with code 1.
/// </summary>
public class InvalidInputException : Exception
{
    public InvalidInputException(string message)
        : base(message)
    {
    }

    public InvalidInputException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public InvalidInputException()
    {
    }
}
