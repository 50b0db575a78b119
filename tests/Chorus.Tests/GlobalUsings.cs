global using Chorus.Platform;
global using Chorus.Platform.Access;
