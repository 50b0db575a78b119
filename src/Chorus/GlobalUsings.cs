// What every module uses: the person or token acting, input errors, workspace access and its permission matrix.
global using Chorus.Platform;
global using Chorus.Platform.Access;
global using Chorus.Platform.CommandLine;
