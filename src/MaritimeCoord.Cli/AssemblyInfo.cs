[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("MaritimeCoord.IntegrationTests")]
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("MaritimeCoord.BrowserTests")]
