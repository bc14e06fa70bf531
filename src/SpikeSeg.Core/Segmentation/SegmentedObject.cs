namespace SpikeSeg.Core.Segmentation;

/// <summary>A group of instances SMASH judged to be one object.</summary>
/// <param name="ObjectId">0, 1, … in order of first appearance of the group's root.</param>
/// <param name="Members">Indices into the grouped instance list, ascending.</param>
/// <param name="Box">Union of the members' boxes.</param>
/// <param name="Ash">Element-wise maximum of the members' hashes.</param>
public sealed record SegmentedObject(int ObjectId, int[] Members, BoundingBox Box, ActivityHash Ash);
